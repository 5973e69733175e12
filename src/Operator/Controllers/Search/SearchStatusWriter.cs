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
/// when they changed, and remembers what it wrote, so a pass that reads a cache not yet updated still sees a trial it
/// marked done as done and never runs it again.
/// </summary>
public sealed class SearchStatusWriter(IKubernetes client, ILogger<SearchStatusWriter> logger)
{
    private readonly ConcurrentDictionary<ObjectKey, (string? Uid, IReadOnlyList<TrialStatus> Trials)> written = new();

    /// <summary>The job with the trials this replica last wrote merged in: a trial done in either is done.</summary>
    public FineTuneJob WithWrittenTrials(FineTuneJob job)
    {
        if (!written.TryGetValue(KeyOf(job), out var mine) || mine.Uid != job.Metadata.Uid)
        {
            return job;
        }

        var status = job.Status ??= new FineTuneJobStatus();
        var trials = (status.Trials ?? []).ToDictionary(trial => trial.Name, StringComparer.Ordinal);
        foreach (var trial in mine.Trials)
        {
            if (!trials.TryGetValue(trial.Name, out var cached) || (SearchPlanner.IsDone(trial.Phase) && !SearchPlanner.IsDone(cached.Phase)))
            {
                trials[trial.Name] = trial;
            }
        }

        status.Trials = [.. trials.Values];
        return job;
    }

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

        var patch = new V1Patch("{\"status\":" + desired + "}", V1Patch.PatchType.MergePatch);
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                patch, FineTuneJob.Group, FineTuneJob.Version, job.Metadata.NamespaceProperty, FineTuneJob.Plural, job.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        written[KeyOf(job)] = (job.Metadata.Uid, [.. status.Trials ?? []]);
        logger.LogDebug("Wrote the trials of {Namespace}/{Name}", job.Metadata.NamespaceProperty, job.Metadata.Name);
        return true;
    }

    public void Forget(ObjectKey job) => written.TryRemove(job, out _);

    private static ObjectKey KeyOf(FineTuneJob job) => new(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);
}
