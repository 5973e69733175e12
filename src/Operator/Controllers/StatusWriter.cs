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
/// completionTime, restarts, serving) with a JSON merge patch on the status subresource, only when they changed, and
/// retries a conflict. Progress, metrics and the other fields written by others are left alone.
/// </summary>
public sealed class StatusWriter(IKubernetes client, StatusOverlay overlay, ILogger<StatusWriter> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>The owned fields as JSON: equal JSON means nothing to write.</summary>
    public static string OwnedJson(FineTuneJobStatus? status) => KubernetesJson.Serialize(new FineTuneJobStatus
    {
        Phase = status?.Phase,
        Conditions = status?.Conditions,
        ObservedGeneration = status?.ObservedGeneration,
        StartTime = status?.StartTime,
        CompletionTime = status?.CompletionTime,
        Restarts = status?.Restarts,
        Serving = status?.Serving,
    });

    /// <summary>Patches status when the owned fields differ from <paramref name="job"/>'s; false when nothing was written.</summary>
    public async Task<bool> WriteIfChangedAsync(FineTuneJob job, FineTuneJobStatus status, CancellationToken cancellationToken)
    {
        var desired = OwnedJson(status);
        if (desired == OwnedJson(job.Status))
        {
            return false;
        }

        return await PatchAsync(job, "{\"status\":" + desired + "}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a status merge patch (<c>{"status": ...}</c>), retrying a conflict; false when the job is gone.</summary>
    public async Task<bool> PatchAsync(FineTuneJob job, string patchJson, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(patchJson, V1Patch.PatchType.MergePatch);
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                    patch, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural, name, cancellationToken: cancellationToken).ConfigureAwait(false);
                overlay.Record(job, patchJson);
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

    public void Forget(string ns, string name) => overlay.Forget(ns, name);
}
