using System.Diagnostics;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Runtime.Controller;

/// <summary>Runs N workers that take keys off the work queue and hand them to the <see cref="IReconciler"/>.</summary>
public sealed class ReconcileController(
    WorkQueue queue,
    IReconciler reconciler,
    OperatorMetrics metrics,
    ControllerOptions options,
    ILogger<ReconcileController> logger)
{
    public WorkQueue Queue => queue;

    /// <summary>Runs the workers until the token is cancelled; a cancelled worker stops at once.</summary>
    public Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        if (options.Workers < 1)
        {
            throw new ArgumentException($"Controller Workers must be at least 1, was {options.Workers}", nameof(options));
        }

        var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => RunWorkerAsync(cancellationToken), CancellationToken.None));
        return Task.WhenAll(workers);
    }

    /// <summary>Takes one key (waiting if needed) and reconciles it; false once there is nothing more to take.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var next = await queue.GetAsync(cancellationToken).ConfigureAwait(false);
        if (next is not { } key)
        {
            return false;
        }

        try
        {
            await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            queue.Done(key);
        }

        return true;
    }

    private async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && await ProcessNextAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await reconciler.ReconcileAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                queue.AddAfter(key, delay);
                metrics.RecordReconcile(Stopwatch.GetElapsedTime(started), OperatorMetrics.ResultRequeue);
            }
            else
            {
                metrics.RecordReconcile(Stopwatch.GetElapsedTime(started), OperatorMetrics.ResultSuccess);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-reconcile (shutdown or lost leadership): keep the key for whoever runs next.
            queue.Add(key);
        }
        catch (Exception e)
        {
            var backoff = queue.AddRateLimited(key);
            metrics.RecordReconcile(Stopwatch.GetElapsedTime(started), OperatorMetrics.ResultError);
            metrics.RecordReconcileError();
            logger.LogError(e, "Reconcile of {Key} failed; retrying in {Backoff} (failure {Failures})", key, backoff, queue.Failures(key));
        }
    }
}
