using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Runtime.LeaderElection;

/// <summary>The work done while leading: started on each win, cancelled on each loss, never two at once.</summary>
internal sealed class LeadershipRun(Func<CancellationToken, Task> whileLeading, ILogger logger, CancellationToken stoppingToken)
{
    private readonly Lock gate = new();
    private CancellationTokenSource? current;
    private Task running = Task.CompletedTask;

    public void Start()
    {
        lock (gate)
        {
            current?.Cancel();
            var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            current = cts;
            var previous = running;
            running = Task.Run(async () =>
            {
                // A previous term still winding down finishes before the next starts.
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                try
                {
                    await whileLeading(cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cts.IsCancellationRequested)
                {
                    // Leadership lost or shutting down.
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Work while leading failed");
                }
                finally
                {
                    cts.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    public void Stop()
    {
        lock (gate)
        {
            try
            {
                current?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That term already finished.
            }

            current = null;
        }
    }

    public Task WaitAsync()
    {
        lock (gate)
        {
            return running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
