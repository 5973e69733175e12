using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Decides one pass of a search (pure, level-triggered): each trial's phase from status.trials and its observed Job
/// (a trial recorded as done is never run again), the median rule over the running trials (asha instead: promote or
/// stop each trial whose rung just ended, see <see cref="AshaRungs"/>), which trials to start in the free slots (lowest
/// index first; tpe samples them from the finished trials), the best trial, and the job's phase and conditions.
/// </summary>
public static class SearchPlanner
{
    public static SearchPlan Plan(SearchInputs inputs)
    {
        var job = inputs.Job;
        var spec = job.Spec;
        var search = spec.Search!;
        var metric = search.Objective.Metric;
        var goal = search.Objective.Goal;
        var best = spec.EarlyStopping is not null;
        var asha = AshaRungs.IsAsha(search);
        var budgets = asha ? AshaRungs.Budgets(spec) : null;
        var name = job.Metadata.Name;
        var count = SearchSpace.TrialCount(search);
        var recorded = (job.Status?.Trials ?? []).ToDictionary(trial => trial.Name, StringComparer.Ordinal);

        var trials = new List<TrialStatus>();
        var stop = new List<V1Job>();
        var create = new List<int>();
        var unstarted = new List<int>();
        var rungEnded = new List<TrialStatus>();
        for (var k = 0; k < count; k++)
        {
            var trialName = TrialNames.NameOf(name, k);
            recorded.TryGetValue(trialName, out var previous);
            inputs.TrialJobs.TryGetValue(k, out var trialJob);
            inputs.Histories.TryGetValue(trialName, out var history);
            var rung = previous?.Rung ?? 0;
            if (trialJob is not null && TrialNames.RungOf(trialJob.Metadata.Labels) != rung)
            {
                // An earlier rung's Job: the promoted rung's is not created, or not in the cache, yet.
                trialJob = null;
            }

            var phase = PhaseOf(previous?.Phase, trialJob);
            if (phase is null)
            {
                unstarted.Add(k);
                continue;
            }

            if (phase == TrialPhase.EarlyStopped && trialJob is not null && PhaseOf(null, trialJob) is not (TrialPhase.Succeeded or TrialPhase.Failed))
            {
                // Stopped in an earlier pass whose delete did not happen (a crash between the status write and the delete).
                stop.Add(trialJob);
            }

            if (trialJob is null && IsActive(phase))
            {
                // Recorded as started but its Job is gone (deleted by hand, or not yet in the cache): create it again.
                create.Add(k);
            }

            var upTo = budgets is null ? long.MaxValue : budgets[Math.Min(rung, budgets.Count - 1)];
            var trial = new TrialStatus
            {
                Name = trialName,
                Parameters = previous?.Parameters ?? SearchSpace.ParametersOf(spec, k, recorded.Values),
                Phase = phase,
                Objective = (history is null ? null : ObjectiveMetric.Objective(metric, goal, best, history.Points, upTo)) ?? previous?.Objective,
                Steps = StepsOf(previous, history, upTo),
                Rung = asha ? rung : null,
                RungObjectives = previous?.RungObjectives,
            };
            trials.Add(trial);
            if (asha && phase == TrialPhase.Succeeded && !IsDone(previous?.Phase))
            {
                // The Job of the trial's rung completed in this pass: record the rung's objective, then promote or stop.
                trial.Steps = upTo;
                rungEnded.Add(trial);
            }
        }

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<Events.JobEvent>();
        if (asha)
        {
            foreach (var trial in rungEnded)
            {
                AshaStep(trial, trials, budgets!, AshaRungs.ReductionFactor(search), metric, goal, create, events, TrialNames.IndexOf(name, trial.Name)!.Value);
            }
        }
        else
        {
            StopBelowMedian(inputs, trials, metric, goal, best, stop, reasons);
        }

        var active = trials.Count(trial => IsActive(trial.Phase));
        if (spec.Suspend != true)
        {
            foreach (var k in unstarted.Take(Math.Max(0, SearchSpace.ParallelTrials(search) - active)))
            {
                create.Add(k);
                trials.Add(new TrialStatus
                {
                    Name = TrialNames.NameOf(name, k),
                    Parameters = SearchSpace.ParametersOf(spec, k, trials),
                    Phase = TrialPhase.Pending,
                    Rung = asha ? 0 : null,
                });
            }
        }

        trials.Sort((left, right) => TrialNames.IndexOf(name, left.Name)!.Value.CompareTo(TrialNames.IndexOf(name, right.Name)!.Value));
        var status = JobStatus(job, trials, count, goal, inputs.Now);
        return new SearchPlan(status, create, stop, reasons, events);
    }

    /// <summary>
    /// asha at the end of a trial's rung: the last rung makes it Succeeded; otherwise it continues in the next rung
    /// (created again, resuming from its checkpoint) when it ranks in the top of the rung, else it is EarlyStopped there.
    /// </summary>
    private static void AshaStep(TrialStatus trial, List<TrialStatus> trials, IReadOnlyList<long> budgets, int reductionFactor, string metric, string? goal, List<int> create, List<Events.JobEvent> events, int index)
    {
        var rung = trial.Rung ?? 0;
        var value = trial.Objective;
        trial.RungObjectives = value is { } reached ? [.. (trial.RungObjectives ?? []).Take(rung), reached] : trial.RungObjectives;
        if (rung >= budgets.Count - 1)
        {
            return;
        }

        if (value is null)
        {
            trial.Phase = TrialPhase.EarlyStopped;
            events.Add(new Events.JobEvent(Events.JobEvent.Normal, SearchReasons.TrialEarlyStopped, $"stopped trial {trial.Name} at rung {rung}: it reported no {metric}", $"{SearchReasons.TrialEarlyStopped}/{trial.Name}"));
            return;
        }

        var others = trials.Where(other => other != trial && other.RungObjectives is { } list && list.Count > rung).Select(other => other.RungObjectives![rung]);
        var decision = AshaRungs.Decide(value.Value, others, reductionFactor, goal);
        var standing = $"{metric} {value.Value:G4} after {budgets[rung]} steps ranks {decision.Rank} of {decision.Count} in rung {rung}, the top {decision.Keep} continue";
        if (decision.Promote)
        {
            trial.Rung = rung + 1;
            trial.Phase = TrialPhase.Pending;
            create.Add(index);
            events.Add(new Events.JobEvent(Events.JobEvent.Normal, SearchReasons.TrialPromoted, $"promoted trial {trial.Name} to rung {rung + 1} ({budgets[rung + 1]} steps, resuming from its step {budgets[rung]} checkpoint): {standing}", $"{SearchReasons.TrialPromoted}/{trial.Name}/{rung + 1}"));
        }
        else
        {
            trial.Phase = TrialPhase.EarlyStopped;
            events.Add(new Events.JobEvent(Events.JobEvent.Normal, SearchReasons.TrialEarlyStopped, $"stopped trial {trial.Name} at rung {rung}: {standing}", $"{SearchReasons.TrialEarlyStopped}/{trial.Name}"));
        }
    }

    /// <summary>The median rule over the running trials (grid, random, tpe): a stopped trial's Job is deleted.</summary>
    private static void StopBelowMedian(SearchInputs inputs, List<TrialStatus> trials, string metric, string? goal, bool best, List<V1Job> stop, Dictionary<string, string> reasons)
    {
        var name = inputs.Job.Metadata.Name;
        var completed = trials.Where(trial => trial.Phase == TrialPhase.Succeeded)
            .Select(trial => inputs.Histories.TryGetValue(trial.Name, out var history) ? history.Points : null)
            .Where(points => points is not null)
            .Select(points => points!)
            .ToList();
        foreach (var trial in trials.Where(trial => trial.Phase == TrialPhase.Running))
        {
            if (inputs.Histories.TryGetValue(trial.Name, out var history) && !history.Final
                && MedianStoppingRule.ShouldStop(metric, goal, best, history.Points, completed) is { } why)
            {
                trial.Phase = TrialPhase.EarlyStopped;
                reasons[trial.Name] = why;
                var index = TrialNames.IndexOf(name, trial.Name)!.Value;
                if (inputs.TrialJobs.TryGetValue(index, out var running))
                {
                    stop.Add(running);
                }
            }
        }
    }

    /// <summary>Steps trained: the latest report's step (at most the rung's end), never fewer than recorded.</summary>
    private static long? StepsOf(TrialStatus? previous, TrialHistory? history, long upTo)
    {
        var reported = history is null ? (long?)null : Math.Min(history.Step, upTo);
        return previous?.Steps is { } recorded ? Math.Max(recorded, reported ?? 0) : reported;
    }

    public static bool IsActive(string? phase) => phase is TrialPhase.Pending or TrialPhase.Running;

    public static bool IsDone(string? phase) => phase is TrialPhase.Succeeded or TrialPhase.Failed or TrialPhase.EarlyStopped;

    /// <summary>A recorded terminal phase sticks; else the Job says; null when the trial never started.</summary>
    private static string? PhaseOf(string? recorded, V1Job? trialJob)
    {
        if (IsDone(recorded))
        {
            return recorded;
        }

        if (trialJob is null)
        {
            return recorded;
        }

        var conditions = trialJob.Status?.Conditions ?? [];
        if (conditions.Any(condition => condition.Type == "Complete" && condition.Status == "True"))
        {
            return TrialPhase.Succeeded;
        }

        if (conditions.Any(condition => condition.Type == "Failed" && condition.Status == "True"))
        {
            return TrialPhase.Failed;
        }

        return (trialJob.Status?.Active ?? 0) > 0 || recorded == TrialPhase.Running ? TrialPhase.Running : TrialPhase.Pending;
    }

    private static FineTuneJobStatus JobStatus(FineTuneJob job, List<TrialStatus> trials, int count, string? goal, DateTime now)
    {
        var status = PhaseStatus(job, trials, count, goal, now);
        KstatusConditions.Apply(status, job.Metadata.Generation, StatusCalculator.Truncate(now));
        return status;
    }

    private static FineTuneJobStatus PhaseStatus(FineTuneJob job, List<TrialStatus> trials, int count, string? goal, DateTime now)
    {
        var old = job.Status;
        var generation = job.Metadata.Generation;
        now = StatusCalculator.Truncate(now);
        var conditions = ConditionSet.Copy(old?.Conditions);
        var bestTrial = BestTrialSelector.Select(trials, goal);
        var status = new FineTuneJobStatus
        {
            Conditions = conditions,
            ObservedGeneration = generation,
            StartTime = old?.StartTime,
            CompletionTime = old?.CompletionTime,
            Restarts = old?.Restarts,
            Phase = old?.Phase,
            Trials = trials,
            BestTrial = bestTrial?.Name,
            Output = old?.Output,
        };
        ConditionSet.Set(conditions, ConditionTypes.Accepted, true, ConditionReasons.Valid, "the spec is valid", generation, now);
        if (StatusCalculator.IsFinished(old))
        {
            status.Phase = ConditionSet.IsTrue(conditions, ConditionTypes.Succeeded) ? FineTuneJobPhase.Succeeded : FineTuneJobPhase.Failed;
            return status;
        }

        var running = trials.Count(trial => trial.Phase == TrialPhase.Running);
        if (running > 0 || trials.Any(trial => IsDone(trial.Phase)))
        {
            status.StartTime ??= now;
        }

        var done = trials.Count(trial => IsDone(trial.Phase));
        var summary = Summary(trials, count);
        if (done == count)
        {
            status.CompletionTime = now;
            if (bestTrial is not null || trials.Any(trial => trial.Phase == TrialPhase.Succeeded))
            {
                var winner = bestTrial ?? trials.First(trial => trial.Phase == TrialPhase.Succeeded);
                var index = TrialNames.IndexOf(job.Metadata.Name, winner.Name)!.Value;
                status.Output = new OutputStatus { Uri = TrialNames.OutputUri(job.Spec.Output.Uri, index), Format = job.Spec.Output.Format ?? old?.Output?.Format };
                var objective = winner.Objective is { } value ? $" ({job.Spec.Search!.Objective.Metric} {value:G6})" : string.Empty;
                Finish(conditions, ConditionTypes.Succeeded, ConditionReasons.Completed, $"best trial {winner.Name}{objective}; {summary}", generation, now);
                status.Phase = FineTuneJobPhase.Succeeded;
            }
            else
            {
                Finish(conditions, ConditionTypes.Failed, SearchReasons.AllTrialsFailed, $"every trial failed; {summary}", generation, now);
                status.Phase = FineTuneJobPhase.Failed;
            }

            return status;
        }

        if (running > 0)
        {
            ConditionSet.Set(conditions, ConditionTypes.Running, true, SearchReasons.TrialsRunning, $"{running} trials running; {summary}", generation, now);
            status.Phase = FineTuneJobPhase.Running;
        }
        else
        {
            status.Phase = old?.Phase == FineTuneJobPhase.Running ? FineTuneJobPhase.Running : FineTuneJobPhase.Pending;
        }

        return status;
    }

    /// <summary>"4 trials: 2 succeeded, 1 failed, 1 early-stopped".</summary>
    private static string Summary(List<TrialStatus> trials, int count)
    {
        var parts = new[] { (TrialPhase.Succeeded, "succeeded"), (TrialPhase.Failed, "failed"), (TrialPhase.EarlyStopped, "early-stopped"), (TrialPhase.Running, "running"), (TrialPhase.Pending, "pending") }
            .Select(pair => (Count: trials.Count(trial => trial.Phase == pair.Item1), Word: pair.Item2))
            .Where(pair => pair.Count > 0)
            .Select(pair => $"{pair.Count} {pair.Word}");
        return $"{count} trials: {string.Join(", ", parts)}";
    }

    private static void Finish(List<V1Condition> conditions, string type, string reason, string message, long? generation, DateTime now)
    {
        ConditionSet.Set(conditions, type, true, reason, message, generation, now);
        ConditionSet.Clear(conditions, ConditionTypes.Running, reason, "no trial is running", generation, now);
    }
}
