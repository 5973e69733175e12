using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Runtime.LeaderElection;

/// <summary>
/// Runs work only while this replica holds the Lease: the work's token is cancelled the moment
/// leadership is lost, the election is retried, and the Lease is released (holder emptied) on shutdown
/// so a standby takes over at once instead of waiting for the lease to expire.
/// </summary>
public sealed class LeaseLeaderElection
{
    private readonly IKubernetes client;
    private readonly LeaderElectionOptions options;
    private readonly ILogger<LeaseLeaderElection> logger;
    private volatile bool leading;
    private volatile string? observedLeader;

    public LeaseLeaderElection(IKubernetes client, LeaderElectionOptions options, ILogger<LeaseLeaderElection> logger)
    {
        this.client = client;
        this.options = options;
        this.logger = logger;
        if (string.IsNullOrWhiteSpace(options.LeaseName))
        {
            throw new ArgumentException("LeaderElection:LeaseName must not be empty", nameof(options));
        }

        if (options.RetryPeriod <= TimeSpan.Zero || options.RenewDeadline <= options.RetryPeriod || options.LeaseDuration <= options.RenewDeadline)
        {
            throw new ArgumentException("LeaderElection: need 0 < RetryPeriod < RenewDeadline < LeaseDuration", nameof(options));
        }

        Identity = string.IsNullOrWhiteSpace(options.Identity) ? DefaultIdentity() : options.Identity;
        LeaseNamespace = string.IsNullOrWhiteSpace(options.LeaseNamespace)
            ? Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNamespace ? podNamespace : "default"
            : options.LeaseNamespace;
    }

    public string Identity { get; }

    public string LeaseNamespace { get; }

    public bool IsLeader => leading;

    /// <summary>The holder this replica last saw on the Lease (itself or another replica); null before the first look.</summary>
    public string? ObservedLeader => observedLeader;

    /// <summary>
    /// Competes for the Lease until <paramref name="stoppingToken"/> is cancelled, running
    /// <paramref name="whileLeading"/> each time leadership is won with a token cancelled when it is lost.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken stoppingToken)
    {
        var leaseLock = new LeaseLock(client, LeaseNamespace, options.LeaseName, Identity);
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        var leadership = new LeadershipRun(whileLeading, logger, stoppingToken);
        elector.OnStartedLeading += () =>
        {
            leading = true;
            logger.LogInformation("{Identity} became leader of lease {Namespace}/{Lease}", Identity, LeaseNamespace, options.LeaseName);
            leadership.Start();
        };
        elector.OnStoppedLeading += () =>
        {
            leading = false;
            leadership.Stop();
            logger.LogInformation("{Identity} stopped leading lease {Namespace}/{Lease}", Identity, LeaseNamespace, options.LeaseName);
        };
        elector.OnNewLeader += holder => observedLeader = holder;
        elector.OnNewLeader += holder => logger.LogInformation("Lease {Namespace}/{Lease} is held by {Holder}", LeaseNamespace, options.LeaseName, holder);
        elector.OnError += error => logger.LogWarning(error, "Leader election error on lease {Namespace}/{Lease}", LeaseNamespace, options.LeaseName);

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunAndTryToHoldLeadershipForeverAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // The elector lets transport errors (API server unreachable) escape; keep competing.
                    logger.LogWarning(e, "Leader election on lease {Namespace}/{Lease} failed; retrying", LeaseNamespace, options.LeaseName);
                    await Task.Delay(options.RetryPeriod, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            leading = false;
            leadership.Stop();
            await leadership.WaitAsync().ConfigureAwait(false);
            using var releaseTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ReleaseAsync(releaseTimeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Empties the Lease's holder if this replica holds it; a standby then acquires it on its next try.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            // Empty, not null: the client's elector treats a null holder as "no lease" and tries to create one.
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{Identity} released lease {Namespace}/{Lease}", Identity, LeaseNamespace, options.LeaseName);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(e, "Could not release lease {Namespace}/{Lease}; a standby takes over once it expires", LeaseNamespace, options.LeaseName);
        }
    }

    private static string DefaultIdentity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } podName
            ? podName
            : $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
}
