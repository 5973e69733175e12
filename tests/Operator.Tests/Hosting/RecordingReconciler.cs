using System.Collections.Concurrent;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Controller;

namespace KubeTune.Operator.Tests.Hosting;

/// <summary>Stands in for the FineTuneJob reconciler in host tests: records each key, fails the first pass of names starting "flaky".</summary>
internal sealed class RecordingReconciler : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> calls = new();

    public int CallsFor(string ns, string name) => calls.GetValueOrDefault(new ObjectKey(ns, name));

    public Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken ct)
    {
        var count = calls.AddOrUpdate(new ObjectKey(ns, name), 1, (_, previous) => previous + 1);
        if (count == 1 && name.StartsWith("flaky", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"first reconcile of {ns}/{name} fails on purpose");
        }

        return Task.FromResult(ReconcileResult.Done);
    }
}
