using System.Diagnostics;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.Queue;
using KubeTune.Operator.Tests.Controllers.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>
/// Runs one operator replica and stops it at random points: after a random number of its API requests (so kills land
/// between the reads and writes of a reconcile), then restarts it once the cluster has moved on (a Job changed) or at once.
/// </summary>
internal sealed class OperatorChurn(string kubeconfig, string ns, Random dice, Func<long> apiRequests, Func<long> jobChanges)
{
    // Fast informer relists and capped retries: the defaults (30 s, 5 min) are for real clusters, not a test's deadline.
    private static readonly InformerOptions Informers = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) };
    private static readonly WorkQueueOptions Queue = new() { MaxDelay = TimeSpan.FromSeconds(1) };

    // How long a stopped operator waits for a Job to change before it comes back anyway.
    private static readonly TimeSpan LongestDowntime = TimeSpan.FromSeconds(1);

    private int kills;

    public int Kills => Volatile.Read(ref kills);

    /// <summary>Churns until <paramref name="stop"/>, then leaves one replica running for the caller to dispose.</summary>
    public async Task<OperatorInstance> RunAsync(CancellationToken stop)
    {
        while (true)
        {
            var replica = await StartAsync();
            var killAt = apiRequests() + dice.Next(3, 40);
            if (!await WaitAsync(() => apiRequests() >= killAt, TimeSpan.FromSeconds(5), stop))
            {
                return replica;
            }

            await replica.DisposeAsync();
            Interlocked.Increment(ref kills);
            var movedOnAt = jobChanges() + dice.Next(0, 3);
            if (!await WaitAsync(() => jobChanges() >= movedOnAt, LongestDowntime, stop))
            {
                return await StartAsync();
            }
        }
    }

    private Task<OperatorInstance> StartAsync() =>
        OperatorInstance.StartAsync(kubeconfig, ns, informers: Informers, services: services =>
            services.AddSingleton(provider => new WorkQueue(provider.GetRequiredService<TimeProvider>(), Queue)));

    // True when the condition held or the deadline passed; false when the churn was told to stop.
    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan deadline, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < deadline)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return !stop.IsCancellationRequested;
    }
}
