using System.Collections.Concurrent;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>
/// Prepares the next batch on a background thread while the current step runs (reading, collating and, for a CUDA
/// device, copying into pinned memory so the host-to-device copy can be asynchronous). Order is the source's order;
/// leaving the loop early stops the producer and frees the batches it had prepared.
/// </summary>
public static class BatchPrefetcher
{
    /// <summary>How many batches may wait ready: one is enough to hide reading behind a step.</summary>
    private const int Depth = 1;

    public static IEnumerable<DataBatch> Prefetch(IEnumerable<DataBatch> source, bool pin)
    {
        using var ready = new BlockingCollection<DataBatch>(Depth);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in source)
                    {
                        var prepared = pin ? Pin(batch) : batch;
                        try
                        {
                            ready.Add(prepared, stop.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            prepared.Dispose();
                            return;
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failure = e;
                }
                finally
                {
                    ready.CompleteAdding();
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            foreach (var batch in ready.GetConsumingEnumerable())
            {
                yield return batch;
            }

            producer.Wait();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.Wait();
            }
            catch (AggregateException)
            {
                // The producer was cancelled; its failure, if any, is reported above.
            }

            while (ready.TryTake(out var left))
            {
                left.Dispose();
            }
        }
    }

    /// <summary>The batch's tensors in page-locked memory (the original batch is freed).</summary>
    public static DataBatch Pin(DataBatch batch)
    {
        var inputs = batch.Inputs;
        var pinned = new ModelBatch(
            inputs.InputIds?.pin_memory(),
            inputs.AttentionMask?.pin_memory(),
            inputs.TokenTypeIds?.pin_memory(),
            inputs.PixelValues?.pin_memory(),
            inputs.Labels?.pin_memory());
        batch.Dispose();
        return new DataBatch(pinned, batch.Examples, batch.Tokens);
    }
}
