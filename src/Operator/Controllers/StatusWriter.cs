using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers;

/// <summary>
/// Writes the fields of status the reconciler owns (phase, conditions, observedGeneration, startTime,
/// completionTime, restarts) with a JSON merge patch on the status subresource, only when they changed, and
/// retries a conflict. Progress, metrics and the other fields written by others are left alone.
/// </summary>
public sealed class StatusWriter(IKubernetes client, ILogger<StatusWriter> logger)
{
    public const int MaxAttempts = 5;
    private readonly ConcurrentDictionary<ObjectKey, WrittenStatus> written = new();

    /// <summary>
    /// The cached object with the status this replica last wrote, when the cache has not caught up with that
    /// write yet, so the next pass does not compute transitions (and their times) a second time.
    /// </summary>
    public FineTuneJob WithLatestStatus(FineTuneJob cached)
    {
        var key = KeyOf(cached);
        if (!written.TryGetValue(key, out var last))
        {
            return cached;
        }

        if (cached.Metadata.ResourceVersion != last.BaseResourceVersion)
        {
            written.TryRemove(key, out _);
            return cached;
        }

        var status = cached.Status ?? new FineTuneJobStatus();
        return new FineTuneJob
        {
            ApiVersion = cached.ApiVersion,
            Kind = cached.Kind,
            Metadata = cached.Metadata,
            Spec = cached.Spec,
            Status = new FineTuneJobStatus
            {
                Phase = last.Status.Phase,
                Conditions = last.Status.Conditions,
                ObservedGeneration = last.Status.ObservedGeneration,
                StartTime = last.Status.StartTime,
                CompletionTime = last.Status.CompletionTime,
                Restarts = last.Status.Restarts,
                Progress = status.Progress,
                Metrics = status.Metrics,
                Checkpoint = status.Checkpoint,
                Output = status.Output,
                Trials = status.Trials,
                BestTrial = status.BestTrial,
            },
        };
    }

    /// <summary>The owned fields as JSON: equal JSON means nothing to write.</summary>
    public static string OwnedJson(FineTuneJobStatus? status) => KubernetesJson.Serialize(new FineTuneJobStatus
    {
        Phase = status?.Phase,
        Conditions = status?.Conditions,
        ObservedGeneration = status?.ObservedGeneration,
        StartTime = status?.StartTime,
        CompletionTime = status?.CompletionTime,
        Restarts = status?.Restarts,
    });

    /// <summary>Patches status when the owned fields differ from <paramref name="job"/>'s; false when nothing was written.</summary>
    public async Task<bool> WriteIfChangedAsync(FineTuneJob job, FineTuneJobStatus status, CancellationToken cancellationToken)
    {
        var desired = OwnedJson(status);
        if (desired == OwnedJson(job.Status))
        {
            return false;
        }

        var patch = new V1Patch("{\"status\":" + desired + "}", V1Patch.PatchType.MergePatch);
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                    patch, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
                var resourceVersion = ResourceVersionOf(result);
                if (job.Metadata.ResourceVersion is { } baseVersion && resourceVersion is not null)
                {
                    written[KeyOf(job)] = new WrittenStatus(baseVersion, resourceVersion, status);
                }

                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                logger.LogInformation("Status write of {Namespace}/{Name} conflicted (attempt {Attempt}); retrying", ns, name, attempt);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted while we were looking at it: nothing left to report on.
                return false;
            }
        }
    }

    public void Forget(string ns, string name) => written.TryRemove(new ObjectKey(ns, name), out _);

    private static string? ResourceVersionOf(object? result) =>
        result is JsonElement { ValueKind: JsonValueKind.Object } element
        && element.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("resourceVersion", out var version)
            ? version.GetString()
            : null;

    private static ObjectKey KeyOf(FineTuneJob job) => new(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);
}
