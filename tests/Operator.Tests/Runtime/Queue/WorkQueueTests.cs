using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Runtime.Queue;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey Key = new("ml", "bert-sst2");
    private static readonly ObjectKey Other = new("ml", "llama-lora");

    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task Add_SameKeyTwice_HandedOutOnce()
    {
        using var queue = new WorkQueue(time);
        queue.Add(Key);
        queue.Add(Key);
        queue.Add(Other);

        Assert.Equal(2, queue.Depth);
        Assert.Equal(Key, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(Other, await queue.GetAsync(CancellationToken.None));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Add_WhileKeyIsProcessed_NotHandedToAnotherWorkerUntilDone()
    {
        using var queue = new WorkQueue(time);
        queue.Add(Key);
        var first = await queue.GetAsync(CancellationToken.None);

        queue.Add(Key);
        var second = queue.GetAsync(CancellationToken.None);

        Assert.Equal(Key, first);
        Assert.Equal(0, queue.Depth);
        Assert.False(second.IsCompleted);

        queue.Done(Key);

        Assert.Equal(Key, await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Done_KeyNotAddedMeanwhile_NotQueuedAgain()
    {
        using var queue = new WorkQueue(time);
        queue.Add(Key);
        await queue.GetAsync(CancellationToken.None);

        queue.Done(Key);

        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_BackoffDoublesUpToMax()
    {
        var options = new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        using var queue = new WorkQueue(time, options);

        var delays = Enumerable.Range(0, 6).Select(_ => queue.AddRateLimited(Key).TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays);
        Assert.Equal(6, queue.Failures(Key));
    }

    [Fact]
    public void Forget_AfterFailures_NextBackoffStartsFromBase()
    {
        using var queue = new WorkQueue(time, new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1) });
        queue.AddRateLimited(Key);
        queue.AddRateLimited(Key);
        queue.AddRateLimited(Key);

        queue.Forget(Key);

        Assert.Equal(0, queue.Failures(Key));
        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited(Key));
    }

    [Fact]
    public void AddRateLimited_BackoffPerKey_OtherKeysUnaffected()
    {
        using var queue = new WorkQueue(time, new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1) });
        queue.AddRateLimited(Key);
        queue.AddRateLimited(Key);

        Assert.Equal(TimeSpan.FromSeconds(1), queue.AddRateLimited(Other));
    }

    [Fact]
    public async Task AddRateLimited_KeyReturnsOnlyAfterItsBackoff()
    {
        using var queue = new WorkQueue(time, new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(2) });
        queue.AddRateLimited(Key);

        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(0, queue.Depth);

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(Key, await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public void AddAfter_DelayPasses_KeyQueued()
    {
        using var queue = new WorkQueue(time);
        queue.AddAfter(Key, TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, queue.Depth);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public void AddAfter_SoonerRequestForSameKey_EarlierOneWinsAndKeyQueuedOnce()
    {
        using var queue = new WorkQueue(time);
        queue.AddAfter(Key, TimeSpan.FromMinutes(5));
        queue.AddAfter(Key, TimeSpan.FromSeconds(10));
        queue.AddAfter(Key, TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Depth);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public async Task ShutDown_WorkerWaiting_GetsNullAndLaterAddsIgnored()
    {
        using var queue = new WorkQueue(time);
        var waiting = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();
        queue.Add(Key);
        queue.AddAfter(Other, TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(queue.IsShuttingDown);
        Assert.Equal(0, queue.Depth);
        Assert.Null(await queue.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_TokenCancelled_ReturnsNull()
    {
        using var queue = new WorkQueue(time);
        using var cts = new CancellationTokenSource();
        var waiting = queue.GetAsync(cts.Token);

        await cts.CancelAsync();

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Constructor_MaxDelayBelowBase_ThrowsNamingTheOptions()
    {
        var options = new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentException>(() => new WorkQueue(time, options));

        Assert.Contains("MaxDelay", error.Message, StringComparison.Ordinal);
    }
}
