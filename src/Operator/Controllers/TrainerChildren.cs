using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers;

/// <summary>
/// Applies the difference between the desired ConfigMap and Job (from the pure builders) and what exists:
/// creates what is missing, updates a drifted ConfigMap, replaces a drifted Job that has not started a pod,
/// and toggles the Job's suspend (never for a Kueue-managed Job, whose suspend belongs to Kueue).
/// </summary>
public sealed class TrainerChildren(IKubernetes client, ResourceInformer<V1ConfigMap> configMaps, ILogger<TrainerChildren> logger)
{
    public async Task<ChildrenResult> EnsureAsync(FineTuneJob job, V1Job? existing, BuildSettings settings, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.NamespaceProperty;
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        var config = TrainerConfigRenderer.Render(job, layout);
        await EnsureConfigMapAsync(ConfigMapBuilder.Build(job, config, settings.ProgressCaPem), cancellationToken).ConfigureAwait(false);

        var queued = StatusCalculator.QueueName(job) is not null;
        var userSuspend = job.Spec.Suspend == true;
        var desired = TrainerJobBuilder.Build(job, layout, config, settings, suspend: queued || userSuspend);
        if (existing is null)
        {
            try
            {
                var created = await client.BatchV1.CreateNamespacedJobAsync(desired, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Created Job {Namespace}/{Name} (suspended: {Suspended})", ns, desired.Metadata.Name, desired.Spec.Suspend);
                return new ChildrenResult(created, Created: true);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // The cache has not seen our own earlier create yet: read the Job as it is.
                existing = await client.BatchV1.ReadNamespacedJobAsync(desired.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        if (!IsOwnedBy(existing, job))
        {
            throw new InvalidOperationException(
                $"Job {ns}/{existing.Metadata.Name} exists but is not controlled by FineTuneJob {ns}/{job.Metadata.Name} (uid {job.Metadata.Uid}); delete it or rename the FineTuneJob");
        }

        var hash = ChildLabels.ValueOf(existing.Metadata.Annotations, ChildLabels.SpecHash);
        if (hash != desired.Metadata.Annotations[ChildLabels.SpecHash] && !HasStarted(existing))
        {
            // The pod template is immutable: a Job that has not run anything yet is replaced; a started one is left to finish.
            logger.LogInformation("Job {Namespace}/{Name} drifted from the spec before starting; replacing it", ns, existing.Metadata.Name);
            await client.BatchV1.DeleteNamespacedJobAsync(existing.Metadata.Name, ns,
                body: new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = existing.Metadata.Uid } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ChildrenResult(null, Created: false);
        }

        if (!queued && (existing.Spec.Suspend ?? false) != userSuspend)
        {
            var patch = new V1Patch($"{{\"spec\":{{\"suspend\":{(userSuspend ? "true" : "false")}}}}}", V1Patch.PatchType.MergePatch);
            existing = await client.BatchV1.PatchNamespacedJobAsync(patch, existing.Metadata.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Set suspend={Suspend} on Job {Namespace}/{Name}", userSuspend, ns, existing.Metadata.Name);
        }

        return new ChildrenResult(existing, Created: false);
    }

    /// <summary>Deletes the trainer Job (its pods go by garbage collection), e.g. when its image cannot be pulled.</summary>
    public async Task DeleteJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty,
                body: new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public static bool IsOwnedBy(V1Job trainerJob, FineTuneJob job) =>
        trainerJob.Metadata.OwnerReferences?.Any(owner => owner.Controller == true && owner.Uid == job.Metadata.Uid) == true;

    private static bool HasStarted(V1Job job) =>
        job.Status?.StartTime is not null || (job.Status?.Active ?? 0) > 0 || (job.Status?.Failed ?? 0) > 0 || (job.Status?.Succeeded ?? 0) > 0;

    private async Task EnsureConfigMapAsync(V1ConfigMap desired, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        var cached = configMaps.Get(ns, name);
        if (ChildLabels.ValueOf(cached?.Metadata.Annotations, ChildLabels.SpecHash) == desired.Metadata.Annotations[ChildLabels.SpecHash])
        {
            // Current in the cache: no request.
            return;
        }

        // A new job's ConfigMap is created at once; only a conflict (the cache lagging behind) costs a read.
        if (cached is null && await TryCreateConfigMapAsync(desired, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        V1ConfigMap existing;
        try
        {
            existing = await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile, or created meanwhile by another pass (then the conflict is fine).
            await TryCreateConfigMapAsync(desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (ChildLabels.ValueOf(existing.Metadata.Annotations, ChildLabels.SpecHash) == desired.Metadata.Annotations[ChildLabels.SpecHash])
        {
            return;
        }

        desired.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(desired, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Updated ConfigMap {Namespace}/{Name} to the current spec", ns, name);
    }

    // False when it exists already.
    private async Task<bool> TryCreateConfigMapAsync(V1ConfigMap desired, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(desired, desired.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException conflict) when (conflict.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
