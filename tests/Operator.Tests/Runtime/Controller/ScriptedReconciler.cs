using System.Collections.Concurrent;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Controller;

namespace KubeTune.Operator.Tests.Runtime.Controller;

/// <summary>A reconciler whose behaviour per call the test supplies, recording calls and the most run at once per key.</summary>
internal sealed class ScriptedReconciler(Func<ObjectKey, int, CancellationToken, Task<ReconcileResult>> behaviour) : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> running = new();
    private readonly ConcurrentDictionary<ObjectKey, int> calls = new();
    private int maxConcurrentSameKey;

    public int MaxConcurrentSameKey => maxConcurrentSameKey;

    public int CallsFor(ObjectKey key) => calls.GetValueOrDefault(key);

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken ct)
    {
        var key = new ObjectKey(ns, name);
        var call = calls.AddOrUpdate(key, 1, (_, count) => count + 1);
        var now = running.AddOrUpdate(key, 1, (_, count) => count + 1);
        InterlockedMax(ref maxConcurrentSameKey, now);
        try
        {
            return await behaviour(key, call, ct);
        }
        finally
        {
            running.AddOrUpdate(key, 0, (_, count) => count - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
