using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using static KubeTune.Operator.Tests.Controllers.Integration.ReconcilerCluster;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>Operators stopped, restarted, doubled and cut off from their watches, each in a namespace of its own.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class OperatorResilienceTests(ReconcilerCluster cluster)
{
    [Fact]
    public async Task Restart_OperatorStoppedMidJob_NoSecondJobAndStatusCarriesOn()
    {
        const string ns = "kt-restart";
        await cluster.CreateNamespaceAsync(ns);
        cluster.Script("test/restart:1", "exit:1 after:50ms", "exit:0 after:2s");
        var first = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns);
        await cluster.CreateAsync(NewJob(ns, "resume", "test/restart:1"));
        var running = await cluster.WaitForAsync(ns, "resume", job => job.Status?.Restarts == 1 && job.Status.StartTime is not null, "running after one restart");
        var trainerJob = await cluster.GetJobAsync(ns, "resume");
        await first.DisposeAsync();

        await using var second = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns);
        var done = await cluster.WaitForAsync(ns, "resume", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded under the new operator");

        Assert.Equal(trainerJob!.Metadata.Uid, (await cluster.GetJobAsync(ns, "resume"))!.Metadata.Uid);
        Assert.Equal(2, cluster.PodsStarted("test/restart:1"));
        Assert.Equal(1, done.Status!.Restarts);
        Assert.Equal(running.Status!.StartTime, done.Status.StartTime);
        Assert.Single(await cluster.EventsAsync(ns, "resume"), item => item.Reason == "Created");
    }

    [Fact]
    public async Task LeaderElection_TwoReplicas_OnlyTheLeaderActsAndTheOtherTakesOver()
    {
        const string ns = "kt-leader";
        await cluster.CreateNamespaceAsync(ns);
        cluster.Script("test/leader:1", "run");
        string[] Election(string identity) =>
        [
            "--LeaderElection:Enabled", "true", "--LeaderElection:LeaseNamespace", ns, "--LeaderElection:Identity", identity,
            "--LeaderElection:LeaseDuration", "00:00:03", "--LeaderElection:RenewDeadline", "00:00:02", "--LeaderElection:RetryPeriod", "00:00:00.200",
        ];
        var replicas = new Dictionary<string, OperatorInstance>
        {
            ["replica-a"] = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns, Election("replica-a")),
            ["replica-b"] = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns, Election("replica-b")),
        };
        try
        {
            string? leader = null;
            // The lease does not exist until the first replica creates it: a 404 means not yet.
            await UntilAsync(async () => (leader = (await cluster.Client.CoordinationV1.ListNamespacedLeaseAsync(ns)).Items.FirstOrDefault(lease => lease.Metadata.Name == "kubetune-operator")?.Spec.HolderIdentity) is { Length: > 0 }, "a leader holds the lease");
            var standby = replicas.Keys.Single(identity => identity != leader);

            await cluster.CreateAsync(NewJob(ns, "first", "test/leader:1"));
            await cluster.WaitForAsync(ns, "first", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running under the leader");
            var standbyQueue = replicas[standby].Services.GetRequiredService<WorkQueue>();
            Assert.True(standbyQueue.Depth > 0, "the standby only queues keys, it does not work them off");
            Assert.All(await cluster.EventsAsync(ns, "first"), item => Assert.Equal(leader, item.ReportingInstance));
            // Only the leader exports kubetune_jobs and the per-job series, so a sum over replicas never doubles.
            await UntilAsync(async () => (await replicas[leader!].ScrapeAsync()).Contains("kubetune_jobs{", StringComparison.Ordinal), "the leader exports kubetune_jobs");
            var standbyScrape = await replicas[standby].ScrapeAsync();
            Assert.DoesNotContain("kubetune_jobs{", standbyScrape, StringComparison.Ordinal);
            Assert.DoesNotContain("kubetune_job_restarts_total{", standbyScrape, StringComparison.Ordinal);
            Assert.Contains("kubetune_reconcile_errors_total", standbyScrape, StringComparison.Ordinal);

            await replicas[leader!].StopAsync();
            await cluster.CreateAsync(NewJob(ns, "second", "test/leader:1"));
            await cluster.WaitForAsync(ns, "second", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running under the new leader");

            Assert.All(await cluster.EventsAsync(ns, "second"), item => Assert.Equal(standby, item.ReportingInstance));
            Assert.Single((await cluster.Client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: "kubetune.io/job=first")).Items);
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Watch_ResourceVersionGoneWhileDisconnected_RelistsAndReconcilesWhatWasMissed()
    {
        const string ns = "kt-gone";
        await cluster.CreateNamespaceAsync(ns);
        cluster.Script("test/gone:1", "run");
        var informers = new InformerOptions { WatchServerTimeout = TimeSpan.FromSeconds(1), InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        await using var replica = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns, informers: informers);
        using var gone = new GoneWatchCounter(replica.Services.GetRequiredService<OperatorMetrics>(), FineTuneJob.Plural);
        await cluster.CreateAsync(NewJob(ns, "before", "test/gone:1"));
        await cluster.WaitForAsync(ns, "before", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running before the disconnect");

        // Refuse the FineTuneJob watch, change things meanwhile, and let the server forget that history.
        const int refusals = 100_000;
        cluster.Cluster.Faults.FailNext("GET", $"/namespaces/{ns}/finetunejobs?allowWatchBookmarks=true", 503, times: refusals);
        await UntilAsync(() => Task.FromResult(cluster.Cluster.Faults.Pending < refusals), "the FineTuneJob re-watch refused");
        await cluster.CreateAsync(NewJob(ns, "missed", "test/gone:1"));
        await cluster.DeleteAsync(ns, "before");
        cluster.Cluster.Store.CompactHistory();
        cluster.Cluster.Faults.Clear();

        // The relist waits out the informer's backoff after the refused watches; other test projects share the cores.
        await cluster.WaitForAsync(ns, "missed", job => job.Status?.Phase == FineTuneJobPhase.Running, "the FineTuneJob created during the disconnect reconciled", TimeSpan.FromSeconds(60));
        Assert.NotNull(await cluster.GetJobAsync(ns, "missed"));
        Assert.True(gone.Count > 0, "the FineTuneJob watch saw 410 Gone and relisted");
        await UntilAsync(async () => await cluster.GetJobAsync(ns, "before") is null, "the deleted one's Job garbage-collected");
    }
}
