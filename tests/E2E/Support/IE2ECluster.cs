using KubeTune.DevCluster.Http;

namespace KubeTune.E2E.Tests.Support;

/// <summary>A cluster the end-to-end scenario runs on: K3s in a container, or the in-process dev cluster.</summary>
internal interface IE2ECluster : IAsyncDisposable
{
    string Name { get; }

    string KubeconfigPath { get; }

    /// <summary>Starts the operator installed by `kubectl apply -k config/default` (the Deployment, or in-process as it would run).</summary>
    Task StartOperatorAsync(IReadOnlyDictionary<string, string?> deploymentEnvironment);

    /// <summary>Makes a local folder the contents of PersistentVolumeClaim <paramref name="claim"/> in the default namespace.</summary>
    Task StageClaimAsync(string claim, string localFolder);

    /// <summary>The operator's /metrics page.</summary>
    Task<string> ScrapeMetricsAsync();

    /// <summary>The calls the operator made, as the API server saw them; null where the cluster cannot record them.</summary>
    IReadOnlyList<ApiRequest>? OperatorRequests { get; }

    /// <summary>Trainer and operator logs for a failure message.</summary>
    Task<string> DiagnosticsAsync();
}
