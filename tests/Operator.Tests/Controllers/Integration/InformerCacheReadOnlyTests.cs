using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Tests.Controllers.Search;
using Microsoft.Extensions.DependencyInjection;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>The informer cache is read-only: a reconcile pass, plain or search, leaves the cached object exactly as it was.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class InformerCacheReadOnlyTests(ReconcilerCluster cluster)
{
    [Fact]
    public async Task Reconcile_PlainJob_LeavesTheCachedObjectUnchanged()
    {
        const string ns = "kt-cache-plain";
        await cluster.CreateNamespaceAsync(ns);
        await using var replica = await OperatorInstance.StartAsync(cluster.Kubeconfig, ns);
        await cluster.CreateAsync(ReconcilerCluster.NewJob(ns, "plain", ReconcilerCluster.DefaultImage));
        await cluster.WaitForAsync(ns, "plain", job => job.Status?.Phase == FineTuneJobPhase.Running, "Running");

        await AssertPassesLeaveTheCacheAloneAsync(replica, ns, "plain");
    }

    [Fact]
    public async Task Reconcile_SearchJob_LeavesTheCachedObjectUnchanged()
    {
        await using var search = await SearchHarness.StartAsync(cluster, "kt-cache-search");
        cluster.Script("test/cache-search:1", "run", "run");
        await cluster.CreateAsync(search.NewJob("search", "test/cache-search:1", NewSearch(SearchAlgorithm.Grid, 2, 2, ("learningRate", Values(1e-4, 1e-3)))));
        await cluster.WaitForAsync(search.Namespace, "search", job => job.Status?.Trials?.Count == 2, "two trials in status");

        await AssertPassesLeaveTheCacheAloneAsync(search.Operator, search.Namespace, "search");
    }

    private static async Task AssertPassesLeaveTheCacheAloneAsync(OperatorInstance replica, string ns, string name)
    {
        var informer = replica.Services.GetRequiredService<ResourceInformer<FineTuneJob>>();
        var reconciler = replica.Services.GetRequiredService<IReconciler>();
        var cached = informer.Get(ns, name)!;
        var before = KubernetesJson.Serialize(cached);
        var (status, conditions, trials) = (cached.Status, cached.Status?.Conditions, cached.Status?.Trials);

        for (var pass = 0; pass < 3; pass++)
        {
            await reconciler.ReconcileAsync(ns, name, CancellationToken.None);
        }

        Assert.Equal(before, KubernetesJson.Serialize(cached));
        // Not even replaced by equal values: the objects the cache holds are the ones it had.
        Assert.Same(status, cached.Status);
        Assert.Same(conditions, cached.Status?.Conditions);
        Assert.Same(trials, cached.Status?.Trials);
    }
}
