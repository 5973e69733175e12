using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// One pass of a FineTuneJob with spec.search: reads its trial Jobs and the trials' reports, plans (pure), records
/// the trials first (so a stopped trial is durably done before its Job goes), stops early-stopped trials, starts
/// trials in free slots, and writes the job's phase and conditions. A trial report reconciles the job again.
/// </summary>
public sealed class SearchReconciler
{
    private readonly ResourceInformer<V1Job> trainerJobs;
    private readonly TrialChildren children;
    private readonly SearchStatusWriter searchStatus;
    private readonly StatusWriter statusWriter;
    private readonly EventRecorder events;
    private readonly TrialProgressStore reports;
    private readonly BuildSettings settings;
    private readonly Progress.ProgressCertificates progressCertificates;
    private readonly TimeProvider time;
    private readonly ILogger<SearchReconciler> logger;

    public SearchReconciler(
        ResourceInformer<V1Job> trainerJobs,
        TrialChildren children,
        SearchStatusWriter searchStatus,
        StatusWriter statusWriter,
        EventRecorder events,
        TrialProgressStore reports,
        TrialMetrics metrics,
        WorkQueue queue,
        OperatorOptions options,
        Progress.ProgressCertificates progressCertificates,
        TimeProvider time,
        ILogger<SearchReconciler> logger)
    {
        this.trainerJobs = trainerJobs;
        this.children = children;
        this.searchStatus = searchStatus;
        this.statusWriter = statusWriter;
        this.events = events;
        this.reports = reports;
        this.time = time;
        this.logger = logger;
        settings = BuildSettings.From(options);
        this.progressCertificates = progressCertificates;
        GC.KeepAlive(metrics);
        reports.Recorded += queue.Add;
    }

    /// <summary>Reconciles the search; returns the status as computed (for the TTL).</summary>
    public async Task<FineTuneJobStatus> ReconcileAsync(FineTuneJob cached, CancellationToken cancellationToken)
    {
        // The caller passes the overlay's view of the cached object: the trials this replica wrote are in it.
        var job = cached;
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        var key = new ObjectKey(ns, name);
        var plan = SearchPlanner.Plan(new SearchInputs(job, TrialJobsOf(job), reports.Of(key), time.GetUtcNow().UtcDateTime));

        await searchStatus.WriteIfChangedAsync(job, plan.Status, cancellationToken).ConfigureAwait(false);
        foreach (var stopped in plan.Stop)
        {
            var why = plan.StopReasons.GetValueOrDefault(stopped.Metadata.Name, "worse than the median of the completed trials");
            await events.RecordAsync(job, new JobEvent(JobEvent.Normal, SearchReasons.TrialEarlyStopped, $"stopped trial {stopped.Metadata.Name}: {why}", $"{SearchReasons.TrialEarlyStopped}/{stopped.Metadata.Uid}"), cancellationToken).ConfigureAwait(false);
            await children.DeleteAsync(stopped, cancellationToken).ConfigureAwait(false);
        }

        foreach (var decided in plan.Events)
        {
            await events.RecordAsync(job, decided, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Status.Phase is not (FineTuneJobPhase.Succeeded or FineTuneJobPhase.Failed))
        {
            foreach (var trial in plan.Create)
            {
                var status = plan.Status.Trials!.First(status => status.Name == TrialNames.NameOf(name, trial));
                var parameters = status.Parameters!;
                var rung = status.Rung ?? 0;
                var trialSpec = TrialSpec.For(job, trial, parameters.ToDictionary());
                var (configMap, trialJob) = TrialChildBuilder.Build(trialSpec, trial, settings with { ProgressCaPem = await progressCertificates.CaPemAsync(cancellationToken).ConfigureAwait(false) }, suspend: Status.StatusCalculator.QueueName(job) is not null, rung, AshaRungs.StopAt(job.Spec, rung));
                if (await children.CreateAsync(configMap, trialJob, cancellationToken).ConfigureAwait(false))
                {
                    await events.RecordAsync(job, new JobEvent(JobEvent.Normal, SearchReasons.TrialStarted, $"started trial {trialJob.Metadata.Name}: {TrialSpec.Describe(parameters)}", $"{SearchReasons.TrialStarted}/{trialJob.Metadata.Name}"), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await events.RecordAsync(job, TransitionEvents.Between(job.Status, plan.Status, null), cancellationToken).ConfigureAwait(false);
        if (await statusWriter.WriteIfChangedAsync(job, plan.Status, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("FineTuneJob {Namespace}/{Name} (search) is {Phase}: best trial {Best}", ns, name, plan.Status.Phase, plan.Status.BestTrial ?? "none yet");
        }

        return plan.Status;
    }

    public void Forget(string ns, string name)
    {
        reports.Remove(new ObjectKey(ns, name));
        searchStatus.Forget(new ObjectKey(ns, name));
    }

    /// <summary>The job's trial Jobs by index (an asha trial's latest rung): labelled with it and its trial, and controlled by it.</summary>
    private Dictionary<int, V1Job> TrialJobsOf(FineTuneJob job)
    {
        var result = new Dictionary<int, V1Job>();
        foreach (var trialJob in trainerJobs.List(job.Metadata.NamespaceProperty, key => TrialNames.MayBeTrialOf(key.Name, job.Metadata.Name)))
        {
            if (ChildLabels.ValueOf(trialJob.Metadata.Labels, ChildLabels.Job) == job.Metadata.Name
                && ChildLabels.ValueOf(trialJob.Metadata.Labels, TrialNames.TrialLabel) is { } label
                && int.TryParse(label, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                && TrainerChildren.IsOwnedBy(trialJob, job)
                && (!result.TryGetValue(index, out var other) || TrialNames.RungOf(other.Metadata.Labels) < TrialNames.RungOf(trialJob.Metadata.Labels)))
            {
                result[index] = trialJob;
            }
        }

        return result;
    }
}
