using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// Writes a job's progress into status.progress/metrics/checkpoint/output with a JSON merge patch on the status
/// subresource: at most once per <see cref="ProgressOptions.StatusInterval"/> per job (a report inside the interval
/// is written when it ends), a final report at once. After each write it records the Events CheckpointSaved and
/// Evaluated for a checkpoint or evaluation not recorded before.
/// </summary>
public sealed class ProgressStatusWriter(
    IKubernetes client,
    ProgressStore store,
    EventRecorder events,
    ProgressOptions options,
    TimeProvider time,
    ILogger<ProgressStatusWriter> logger) : IDisposable
{
    public const string CheckpointSaved = "CheckpointSaved";
    public const string Evaluated = "Evaluated";

    private readonly ConcurrentDictionary<ObjectKey, JobWriteState> states = new();
    private int patches;

    /// <summary>Patches written, for diagnostics and tests.</summary>
    public int Patches => Volatile.Read(ref patches);

    /// <summary>Called after a report was applied to the store: writes now, or once the job's interval has passed.</summary>
    public async Task<ProgressWriteOutcome> ReportAppliedAsync(ObjectKey job, bool final, CancellationToken cancellationToken)
    {
        var state = states.GetOrAdd(job, _ => new JobWriteState());
        lock (state)
        {
            var now = time.GetUtcNow();
            var due = final || state.LastWrite is null || now - state.LastWrite.Value >= options.StatusInterval;
            if (!due)
            {
                state.Pending ??= time.CreateTimer(_ => _ = FlushAsync(job, CancellationToken.None), null, state.LastWrite!.Value + options.StatusInterval - now, Timeout.InfiniteTimeSpan);
                return ProgressWriteOutcome.Deferred;
            }
        }

        return await FlushAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets a deleted job's write state (its progress is removed from the store by the caller).</summary>
    public void Forget(ObjectKey job)
    {
        if (states.TryRemove(job, out var state))
        {
            lock (state)
            {
                state.Pending?.Dispose();
                state.Pending = null;
            }
        }
    }

    public void Dispose()
    {
        foreach (var job in states.Keys)
        {
            Forget(job);
        }
    }

    private async Task<ProgressWriteOutcome> FlushAsync(ObjectKey job, CancellationToken cancellationToken)
    {
        if (!states.TryGetValue(job, out var state))
        {
            return ProgressWriteOutcome.JobGone;
        }

        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (state)
            {
                state.Pending?.Dispose();
                state.Pending = null;
            }

            var progress = store.Get(job);
            if (progress is null)
            {
                return ProgressWriteOutcome.JobGone;
            }

            if (progress.Sequence == state.WrittenSequence)
            {
                return ProgressWriteOutcome.Unchanged;
            }

            lock (state)
            {
                state.LastWrite = time.GetUtcNow();
            }

            var written = await PatchAsync(job, progress, cancellationToken).ConfigureAwait(false);
            if (written is null)
            {
                store.Remove(job);
                Forget(job);
                return ProgressWriteOutcome.JobGone;
            }

            state.WrittenSequence = progress.Sequence;
            Interlocked.Increment(ref patches);
            await RecordEventsAsync(written, progress, cancellationToken).ConfigureAwait(false);
            return ProgressWriteOutcome.Written;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            logger.LogWarning(e, "Could not write the progress of {Job}; retrying in {Interval}", job, options.StatusInterval);
            lock (state)
            {
                state.Pending ??= time.CreateTimer(_ => _ = FlushAsync(job, CancellationToken.None), null, Max(options.StatusInterval, TimeSpan.FromSeconds(1)), Timeout.InfiniteTimeSpan);
            }

            return ProgressWriteOutcome.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProgressWriteOutcome.Failed;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    // The patched object, or null when the FineTuneJob does not exist.
    private async Task<FineTuneJob?> PatchAsync(ObjectKey job, JobProgress progress, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(ProgressPatch.Build(progress).ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            var result = await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                patch, FineTuneJob.Group, FineTuneJob.Version, job.Namespace, FineTuneJob.Plural, job.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return result is JsonElement element ? KubernetesJson.Deserialize<FineTuneJob>(element.GetRawText()) : new FineTuneJob { Metadata = new V1ObjectMeta { Name = job.Name, NamespaceProperty = job.Namespace } };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task RecordEventsAsync(FineTuneJob job, JobProgress progress, CancellationToken cancellationToken)
    {
        if (progress.Checkpoint is { } checkpoint)
        {
            var message = $"checkpoint at step {checkpoint.Step.ToString(CultureInfo.InvariantCulture)} saved to {checkpoint.Uri}";
            await events.RecordAsync(job, new JobEvent(JobEvent.Normal, CheckpointSaved, message, $"{CheckpointSaved}/{checkpoint.Step.ToString(CultureInfo.InvariantCulture)}"), cancellationToken).ConfigureAwait(false);
        }

        if (progress.Eval is { } eval)
        {
            var parts = new List<string>();
            Add(parts, "eval_loss", eval.EvalLoss);
            Add(parts, "accuracy", eval.EvalAccuracy);
            Add(parts, "f1", eval.EvalF1);
            Add(parts, "perplexity", eval.Perplexity);
            var message = $"evaluation at step {eval.Step.ToString(CultureInfo.InvariantCulture)}: {string.Join(", ", parts)}";
            await events.RecordAsync(job, new JobEvent(JobEvent.Normal, Evaluated, message, $"{Evaluated}/{eval.Step.ToString(CultureInfo.InvariantCulture)}"), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(List<string> parts, string name, double? value)
    {
        if (value is { } number)
        {
            parts.Add($"{name}={number.ToString("0.####", CultureInfo.InvariantCulture)}");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
