namespace KubeTune.DevCluster;

/// <summary>How to start the development cluster.</summary>
public sealed record DevClusterOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How many changes are kept for watches resuming from a resourceVersion; older ones answer 410 Gone.</summary>
    public int WatchHistoryLimit { get; init; } = 1000;

    /// <summary>Clock for timestamps, ages, watch timeouts and bookmarks.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often watches that allow bookmarks get one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long stopping the cluster waits for HTTP requests in flight before closing their connections.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The bearer token written to kubeconfigs (the server accepts any token).</summary>
    public string Token { get; init; } = "kubetune-dev-token";

    /// <summary>Runs the Job controller and the local pod runner (a kubelet) with <see cref="Workloads"/>; off by default.</summary>
    public bool RunJobs { get; init; }

    /// <summary>Image commands, scripted pod fates and timings used when <see cref="RunJobs"/> is on.</summary>
    public Jobs.WorkloadOptions Workloads { get; init; } = new();

    /// <summary>A standing random fault profile for API requests and watches (<c>--faults</c>); null: none.</summary>
    public Faults.RandomFaults? Faults { get; init; }

    /// <summary>Called with every request on a resource URL before it is served (tests record which verbs a client used).</summary>
    public Action<Http.ApiRequest>? OnRequest { get; init; }
}
