using KubeTune.Operator.Runtime.LeaderElection;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// The operator's configuration, bound from appsettings.json, then environment variables prefixed
/// KUBETUNE_ (e.g. KUBETUNE_TRAINERIMAGE, KUBETUNE_LEADERELECTION__ENABLED), then the command line.
/// </summary>
// Settable, not init-only: the generated configuration binder (the native operator has no reflection) skips init-only properties.
public sealed record OperatorOptions
{
    /// <summary>The trainer image a FineTuneJob runs unless its spec.image overrides it.</summary>
    public string TrainerImage { get; set; } = "ghcr.io/kubetune/trainer:0.1.0";

    /// <summary>The extended resource that GPU limits are requested under.</summary>
    public string GpuResourceName { get; set; } = "nvidia.com/gpu";

    /// <summary>Comma-separated namespaces to watch; empty watches all namespaces.</summary>
    public string WatchNamespaces { get; set; } = string.Empty;

    public LeaderElectionOptions LeaderElection { get; set; } = new();

    /// <summary>Port for /healthz, /readyz and /metrics.</summary>
    public int MetricsPort { get; set; } = 8080;

    /// <summary>Port the trainers POST their progress to.</summary>
    public int ProgressPort { get; set; } = 8082;

    /// <summary>The URL trainers reach the progress port at (KUBETUNE_PROGRESS_URL's base in the pod).</summary>
    public string ProgressBaseUrl { get; set; } = "https://kubetune-operator.kubetune-system.svc:8082";

    /// <summary>The kubeconfig file (--kubeconfig FILE); empty: in-cluster config, else the default kubeconfig.</summary>
    public string Kubeconfig { get; set; } = string.Empty;

    /// <summary>Keys reconciled in parallel: a reconcile mostly waits on API round trips, so many overlap them (bench/operator, 10,000 jobs: create-to-Job p99 11.9 s with 4, 5-7 s with 16, about 1 s with 32).</summary>
    public int Workers { get; set; } = 32;

    /// <summary>Every cached FineTuneJob is reconciled again this often.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a pod may sit in ErrImagePull/ImagePullBackOff before the job fails with ImagePullFailed.</summary>
    public TimeSpan ImagePullGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most GPUs one node offers; a spec asking for more is rejected (0: unchecked).</summary>
    public int MaxGpusPerNode { get; set; }

    /// <summary>
    /// Trainer pods run on this host's filesystem (local mode turns it on), so a file:// output outlives the pod. Off in
    /// a cluster, where only a PersistentVolumeClaim outlives the pod and file:// outputs are refused.
    /// </summary>
    public bool HostFileOutputs { get; set; }

    /// <summary>The CPU a trainer pod requests when its spec.resources.cpu is absent (a request, no limit: never BestEffort).</summary>
    public string DefaultCpu { get; set; } = "2";

    /// <summary>The memory a trainer pod requests when its spec.resources.memory is absent.</summary>
    public string DefaultMemory { get; set; } = "8Gi";

    /// <summary>Seconds a trainer pod gets between SIGTERM and kill unless its spec says otherwise: long enough to finish a step and checkpoint.</summary>
    public long TerminationGracePeriodSeconds { get; set; } = 120;

    /// <summary>Console log format: "json" (structured, one object per line) or "simple".</summary>
    public string LogFormat { get; set; } = "json";

    /// <summary>The watched namespaces as a list; empty means all.</summary>
    public IReadOnlyList<string> Namespaces =>
        WatchNamespaces.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>Throws naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(TrainerImage), nameof(TrainerImage), "must name an image");
        Require(!string.IsNullOrWhiteSpace(GpuResourceName), nameof(GpuResourceName), "must name an extended resource such as nvidia.com/gpu");
        Require(MetricsPort is >= 0 and <= 65535, nameof(MetricsPort), $"must be a port number, was {MetricsPort}");
        Require(ProgressPort is >= 0 and <= 65535, nameof(ProgressPort), $"must be a port number, was {ProgressPort}");
        Require(ProgressPort == 0 || ProgressPort != MetricsPort, nameof(ProgressPort), $"must differ from MetricsPort (the progress endpoint has its own listener), both were {ProgressPort}");
        Require(Workers >= 1, nameof(Workers), $"must be at least 1, was {Workers}");
        Require(MaxGpusPerNode >= 0, nameof(MaxGpusPerNode), $"must not be negative, was {MaxGpusPerNode}");
        Require(ImagePullGracePeriod >= TimeSpan.Zero, nameof(ImagePullGracePeriod), "must not be negative");
        Require(IsQuantity(DefaultCpu), nameof(DefaultCpu), $"must be a CPU quantity such as 2 or 500m, was '{DefaultCpu}'");
        Require(IsQuantity(DefaultMemory), nameof(DefaultMemory), $"must be a memory quantity such as 8Gi, was '{DefaultMemory}'");
        Require(TerminationGracePeriodSeconds is >= 1 and <= 3600, nameof(TerminationGracePeriodSeconds), $"must be from 1 to 3600, was {TerminationGracePeriodSeconds}");
        Require(LogFormat is "json" or "simple", nameof(LogFormat), $"must be json or simple, was '{LogFormat}'");
        Require(Uri.TryCreate(ProgressBaseUrl, UriKind.Absolute, out _), nameof(ProgressBaseUrl), $"must be an absolute URL, was '{ProgressBaseUrl}'");
        Require(!string.IsNullOrWhiteSpace(LeaderElection.LeaseName), "LeaderElection:LeaseName", "must not be empty");
        if (!string.IsNullOrEmpty(Kubeconfig) && !File.Exists(Kubeconfig))
        {
            throw new InvalidOperationException($"--kubeconfig: file '{Kubeconfig}' does not exist");
        }
    }

    private static bool IsQuantity(string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, @"^([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE])?$");

    private static void Require(bool condition, string setting, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"configuration {setting} {problem}");
        }
    }
}
