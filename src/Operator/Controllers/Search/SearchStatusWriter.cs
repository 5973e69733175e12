using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Writes status.trials, status.bestTrial and status.output of a search job (merge patch on the status subresource)
/// when they changed, and records the patch in the <see cref="StatusOverlay"/>, so a pass that reads a cache not yet
/// updated still sees a trial it marked done as done and never runs it again.
/// </summary>
public sealed class SearchStatusWriter(IKubernetes client, StatusOverlay overlay, ILogger<SearchStatusWriter> logger)
{

    /// <summary>The owned fields as JSON; an absent bestTrial or output is left out, so the patch never deletes one written by others.</summary>
    public static string OwnedJson(FineTuneJobStatus? status)
    {
        var json = new JsonObject { ["trials"] = JsonNode.Parse(KubernetesJson.Serialize(status?.Trials ?? [])) };
        if (status?.BestTrial is { } best)
        {
            json["bestTrial"] = best;
        }

        if (status?.Output is { } output)
        {
            json["output"] = JsonNode.Parse(KubernetesJson.Serialize(output));
        }

        return json.ToJsonString();
    }

    public async Task<bool> WriteIfChangedAsync(FineTuneJob job, FineTuneJobStatus status, CancellationToken cancellationToken)
    {
        var desired = OwnedJson(status);
        if (desired == OwnedJson(job.Status))
        {
            return false;
        }

        var patchJson = "{\"status\":" + desired + "}";
        var patch = new V1Patch(patchJson, V1Patch.PatchType.MergePatch);
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                patch, FineTuneJob.Group, FineTuneJob.Version, job.Metadata.NamespaceProperty, FineTuneJob.Plural, job.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        overlay.Record(job, patchJson);
        logger.LogDebug("Wrote the trials of {Namespace}/{Name}", job.Metadata.NamespaceProperty, job.Metadata.Name);
        return true;
    }

    public void Forget(ObjectKey job) => overlay.Forget(job.Namespace, job.Name);
}
