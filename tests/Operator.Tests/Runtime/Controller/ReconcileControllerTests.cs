using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Runtime.Queue;
using KubeTune.Operator.Tests.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeTune.Operator.Tests.Runtime.Controller;

public sealed class ReconcileControllerTests : IDisposable
{
    private static readonly ObjectKey Key = new("ml", "bert-sst2");

    private readonly FakeTimeProvider time = new();
    private readonly WorkQueue queue;
    private readonly MeasurementRecorder recorder = new();

    public ReconcileControllerTests()
    {
        queue = new WorkQueue(time, new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1) });
    }

    public void Dispose()
    {
        queue.Dispose();
        recorder.Dispose();
    }

    [Fact]
    public async Task ProcessNext_ReconcilerThrows_KeyRetriedAfterBackoffAndErrorCounted()
    {
        var reconciler = new ScriptedReconciler((_, _, _) => throw new InvalidOperationException("API server said no"));
        var controller = NewController(reconciler);
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        Assert.Equal(1, queue.Failures(Key));
        Assert.Equal(0, queue.Depth);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(1, recorder.Of("kubetune_reconcile_errors_total").Sum(m => m.Value));
        Assert.Contains(recorder.Of("kubetune_reconcile_duration_seconds"), m => m.Tags["result"] == OperatorMetrics.ResultError);
    }

    [Fact]
    public async Task ProcessNext_SuccessAfterFailures_BackoffReset()
    {
        var reconciler = new ScriptedReconciler((_, call, _) => call < 3
            ? throw new InvalidOperationException("conflict")
            : Task.FromResult(ReconcileResult.Done));
        var controller = NewController(reconciler);
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await controller.ProcessNextAsync(CancellationToken.None);
        Assert.Equal(2, queue.Failures(Key));
        time.Advance(TimeSpan.FromSeconds(2));
        await controller.ProcessNextAsync(CancellationToken.None);

        Assert.Equal(3, reconciler.CallsFor(Key));
        Assert.Equal(0, queue.Failures(Key));
        Assert.Equal(0, queue.Depth);
        Assert.Contains(recorder.Of("kubetune_reconcile_duration_seconds"), m => m.Tags["result"] == OperatorMetrics.ResultSuccess);
    }

    [Fact]
    public async Task ProcessNext_RequeueAfter_KeyBackAfterThatDelay()
    {
        var reconciler = new ScriptedReconciler((_, _, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromSeconds(30))));
        var controller = NewController(reconciler);
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, queue.Depth);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, queue.Depth);
        Assert.Equal(0, queue.Failures(Key));
        Assert.Contains(recorder.Of("kubetune_reconcile_duration_seconds"), m => m.Tags["result"] == OperatorMetrics.ResultRequeue);
    }

    [Fact]
    public async Task RunWorkers_KeyAddedWhileReconciling_ReconciledAgainAfterButNeverConcurrently()
    {
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, call, _) =>
        {
            if (call == 1)
            {
                firstStarted.SetResult();
                await releaseFirst.Task;
            }
            else
            {
                secondDone.TrySetResult();
            }

            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler, workers: 4);
        using var stop = new CancellationTokenSource();
        queue.Add(Key);
        var workers = controller.RunWorkersAsync(stop.Token);

        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        queue.Add(Key);
        queue.Add(Key);
        Assert.Equal(1, reconciler.CallsFor(Key));
        releaseFirst.SetResult();
        await secondDone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, reconciler.CallsFor(Key));
        Assert.Equal(1, reconciler.MaxConcurrentSameKey);
    }

    [Fact]
    public async Task RunWorkers_TokenCancelledMidReconcile_StopsAtOnceAndKeepsKey()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler, workers: 2);
        using var leading = new CancellationTokenSource();
        queue.Add(Key);
        var workers = controller.RunWorkersAsync(leading.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await leading.CancelAsync();
        await workers.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, queue.Depth);
        Assert.Equal(0, queue.Failures(Key));
        // The counter exists from the start, at 0: a cancelled reconcile is not an error.
        Assert.Equal(0, recorder.Of("kubetune_reconcile_errors_total").Sum(m => m.Value));
    }

    private ReconcileController NewController(IReconciler reconciler, int workers = 1) =>
        new(queue, reconciler, recorder.Metrics, new ControllerOptions { Workers = workers }, NullLogger<ReconcileController>.Instance);
}
