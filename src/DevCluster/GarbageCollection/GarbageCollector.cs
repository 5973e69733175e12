using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.GarbageCollection;

/// <summary>
/// Deletes dependents whose owners are gone (ownerReferences), objects of deleted namespaces, and releases
/// foreground-deleted owners once their dependents are gone. Runs in the background, like the controller manager's.
/// </summary>
public sealed class GarbageCollector : IAsyncDisposable
{
    private readonly ClusterStore _store;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public GarbageCollector(ClusterStore store)
    {
        _store = store;
        _store.GarbageMayExist += Wake;
        _loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        _store.GarbageMayExist -= Wake;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    /// <summary>Runs collection passes until nothing is left to do.</summary>
    public void CollectNow()
    {
        for (var pass = 0; pass < 100; pass++)
        {
            var garbage = _store.FindGarbage();
            if (garbage.IsEmpty)
            {
                return;
            }

            foreach (var dependent in garbage.Dependents)
            {
                IgnoreNotFound(() => _store.Delete(dependent.Type, dependent.Namespace, dependent.Name));
            }

            foreach (var owner in garbage.FinishedForegroundOwners)
            {
                IgnoreNotFound(() => ReleaseForegroundOwner(owner));
            }
        }
    }

    private void ReleaseForegroundOwner(ObjectReference owner)
    {
        var current = _store.Get(owner.Type, owner.Namespace, owner.Name);
        var finalizers = ObjectMetadata.Finalizers(current).Where(finalizer => finalizer != ClusterStore.ForegroundDeletionFinalizer).ToList();
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(finalizer => (JsonNode?)finalizer)]),
            },
        };
        _store.Patch(owner.Type, owner.Namespace, owner.Name, PatchType.Merge, patch);
    }

    private void Wake() => _signal.Release();

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await _signal.WaitAsync(_stop.Token);
            // One pass answers every signal raised so far: a burst of writes costs one collection, not one each.
            while (_signal.Wait(0))
            {
            }

            CollectNow();
        }
    }

    private static void IgnoreNotFound(Action action)
    {
        try
        {
            action();
        }
        catch (StatusException error) when (error.Code is 404 or 409)
        {
        }
    }
}
