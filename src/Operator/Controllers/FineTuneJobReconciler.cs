using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Controllers.Serving;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Controllers.Validation;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers;

/// <summary>
/// The FineTuneJob reconciler, level-triggered: each pass reads the FineTuneJob and its Job and pods from the
/// informer caches, validates, applies the children, computes the status (pure), records the transitions as
/// Events, writes the status when it changed, and deletes a finished job once its TTL has passed.
/// </summary>
public sealed class FineTuneJobReconciler(
    ResourceInformer<FineTuneJob> fineTuneJobs,
    ResourceInformer<V1Job> trainerJobs,
    ResourceInformer<V1Pod> trainerPods,
    TrainerChildren children,
    StatusWriter statusWriter,
    StatusOverlay overlay,
    EventRecorder events,
    SearchReconciler search,
    ServingReconciler serving,
    IKubernetes client,
    OperatorOptions options,
    Progress.ProgressCertificates progressCertificates,
    TimeProvider time,
    ILogger<FineTuneJobReconciler> logger) : IReconciler
{
    /// <summary>How soon to look again after replacing a drifted Job.</summary>
    public static readonly TimeSpan ReplaceRecheck = TimeSpan.FromSeconds(1);

    private readonly BuildSettings settings = BuildSettings.From(options);

    public async Task<ReconcileResult> ReconcileAsync(string ns, string name, CancellationToken ct)
    {
        var cached = fineTuneJobs.Get(ns, name);
        if (cached is null)
        {
            // Deleted: its children carry owner references and go by garbage collection.
            statusWriter.Forget(ns, name);
            events.Forget(ns, name);
            search.Forget(ns, name);
            return ReconcileResult.Done;
        }

        if (cached.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var job = overlay.View(cached);
        IReadOnlyList<SpecProblem> problems = [.. SpecValidator.Validate(job.Spec, options.MaxGpusPerNode, options.HostFileOutputs), .. SearchSpaceValidator.Validate(job.Spec)];
        if (problems.Count == 0 && job.Spec.Search is not null)
        {
            // A search runs trial Jobs <name>-t<k> instead of one Job <name>.
            var searched = await search.ReconcileAsync(job, ct).ConfigureAwait(false);
            var expiry = await ExpireAsync(job, searched, time.GetUtcNow().UtcDateTime, ct).ConfigureAwait(false);
            return expiry is { } wait ? ReconcileResult.After(wait) : ReconcileResult.Done;
        }

        var trainerJob = OwnedJob(job);
        TimeSpan? recheck = null;
        if (problems.Count == 0 && !StatusCalculator.IsFinished(job.Status))
        {
            var withCa = settings with { ProgressCaPem = await progressCertificates.CaPemAsync(ct).ConfigureAwait(false) };
            var applied = await children.EnsureAsync(job, trainerJob, withCa, ct).ConfigureAwait(false);
            trainerJob = applied.Job;
            recheck = applied.Job is null ? ReplaceRecheck : null;
            if (applied.Created)
            {
                await events.RecordAsync(job, new JobEvent(JobEvent.Normal, "Created", $"created Job {name} and ConfigMap {ChildLabels.ConfigMapName(name)}", "Created/" + applied.Job!.Metadata.Uid), ct).ConfigureAwait(false);
            }
        }

        var pods = PodsOf(ns, name, trainerJob);
        var now = time.GetUtcNow().UtcDateTime;
        var decision = StatusCalculator.Compute(new StatusInputs(job, problems, trainerJob, pods, now, options.ImagePullGracePeriod));
        var servingRecheck = await ObserveServingAsync(job, decision.Status, now, ct).ConfigureAwait(false);

        // Events first: their names are deterministic, so if the status write fails the retry adds no duplicates.
        await events.RecordAsync(job, TransitionEvents.Between(job.Status, decision.Status, decision.LastFailure), ct).ConfigureAwait(false);
        if (await statusWriter.WriteIfChangedAsync(job, decision.Status, ct).ConfigureAwait(false))
        {
            logger.LogInformation("FineTuneJob {Namespace}/{Name} is {Phase} (restarts {Restarts})", ns, name, decision.Status.Phase, decision.Status.Restarts ?? 0);
        }

        // The final report is advisory: a Succeeded job's progress, metrics and output are completed from the pod's final summary.
        if (FinalStatus.CompletionPatch(job, decision.Status.Phase ?? string.Empty, trainerJob, pods, now) is { } completion
            && await statusWriter.PatchAsync(job, completion.ToJsonString(), ct).ConfigureAwait(false))
        {
            logger.LogInformation("FineTuneJob {Namespace}/{Name}: completed its final status from the trainer's termination message", ns, name);
        }

        if (decision.StopTrainerJob && trainerJob is not null)
        {
            await children.DeleteJobAsync(trainerJob, ct).ConfigureAwait(false);
        }

        if (problems.Count > 0)
        {
            // An invalid spec is not retried: only a change to the FineTuneJob brings it back here.
            return ReconcileResult.Done;
        }

        var ttl = await ExpireAsync(job, decision.Status, now, ct).ConfigureAwait(false);
        var podCacheRecheck = decision.Status.Phase == FineTuneJobPhase.Succeeded && FinalStatus.AwaitsPodCache(trainerJob, pods, now) ? ReplaceRecheck : (TimeSpan?)null;
        var next = new[] { recheck, decision.RecheckAfter, ttl, servingRecheck, podCacheRecheck }.Where(delay => delay is not null).Min();
        return next is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    /// <summary>spec.serving of a succeeded job: the Serving condition and status.serving from its InferenceService; when to look again.</summary>
    private async Task<TimeSpan?> ObserveServingAsync(FineTuneJob job, FineTuneJobStatus status, DateTime now, CancellationToken ct)
    {
        if (job.Spec.Serving is null || status.Phase != FineTuneJobPhase.Succeeded)
        {
            return null;
        }

        var observed = await serving.ObserveAsync(job, ct).ConfigureAwait(false);
        return ServingConditions.Apply(status, observed, job.Metadata.Generation, StatusCalculator.Truncate(now));
    }

    /// <summary>Deletes a finished FineTuneJob whose ttlSecondsAfterFinished has passed; else how long until it does.</summary>
    private async Task<TimeSpan?> ExpireAsync(FineTuneJob job, FineTuneJobStatus status, DateTime now, CancellationToken ct)
    {
        if (job.Spec.TtlSecondsAfterFinished is not { } ttl || StatusCalculator.FinishedAt(status) is not { } finishedAt || !StatusCalculator.IsFinished(status))
        {
            return null;
        }

        var remaining = finishedAt.AddSeconds(ttl) - now;
        if (remaining > TimeSpan.Zero)
        {
            return remaining;
        }

        logger.LogInformation("FineTuneJob {Namespace}/{Name} finished {Ago} ago, past its ttlSecondsAfterFinished; deleting it", job.Metadata.NamespaceProperty, job.Metadata.Name, now - finishedAt);
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                FineTuneJob.Group, FineTuneJob.Version, job.Metadata.NamespaceProperty, FineTuneJob.Plural, job.Metadata.Name,
                body: new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = job.Metadata.Uid } },
                cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Already deleted, or replaced by a new FineTuneJob of the same name.
        }

        return null;
    }

    private V1Job? OwnedJob(FineTuneJob job)
    {
        var cachedJob = trainerJobs.Get(job.Metadata.NamespaceProperty, job.Metadata.Name);
        return cachedJob is null || TrainerChildren.IsOwnedBy(cachedJob, job) || !IsKubeTuneChild(cachedJob) ? cachedJob : null;
    }

    /// <summary>A Job left by an earlier FineTuneJob of the same name is on its way out (GC); treat it as absent.</summary>
    private static bool IsKubeTuneChild(V1Job job) =>
        job.Metadata.OwnerReferences?.Any(owner => owner.Kind == FineTuneJob.KindName && owner.Controller == true) == true;

    private List<V1Pod> PodsOf(string ns, string name, V1Job? trainerJob)
    {
        if (trainerJob is null)
        {
            return [];
        }

        return trainerPods.ByIndex(new ObjectKey(ns, name))
            .Where(pod => ChildLabels.ValueOf(pod.Metadata.Labels, ChildLabels.Job) == name)
            .Where(pod => pod.Metadata.OwnerReferences?.Any(owner => owner.Uid == trainerJob.Metadata.Uid) ?? false)
            .ToList();
    }
}
