using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Decides one pass of a search (pure, level-triggered): each trial's phase from status.trials and its observed Job
/// (a trial recorded as done is never run again), the median rule over the running trials (asha instead: rungs and
/// promotions, see <see cref="AshaScheduler"/>), which trials to start in the free slots (lowest index first; tpe
/// samples them from the finished trials), the best trial, and the job's phase and conditions.
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
                // The Job of the trial's rung completed: record the rung's objective; Paused until a slot and its rank promote it.
                AshaScheduler.EndRung(trial, budgets!);
            }
        }

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<Events.JobEvent>();
        var ashaContext = asha ? new AshaContext(name, trials, budgets!, AshaRungs.ReductionFactor(search), metric, goal, create, events) : null;
        if (!asha)
        {
            StopBelowMedian(inputs, trials, metric, goal, best, stop, reasons);
        }

        var active = trials.Count(trial => IsActive(trial.Phase));
        if (spec.Suspend != true)
        {
            var free = Math.Max(0, SearchSpace.ParallelTrials(search) - active);
            free -= ashaContext is null ? 0 : AshaScheduler.Promote(ashaContext, free);
            if (ashaContext is not null && unstarted.Count == 0 && !trials.Any(trial => IsActive(trial.Phase)))
            {
                AshaScheduler.EndGame(ashaContext);
            }

            foreach (var k in unstarted.Take(free))
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

    /// <summary>A recorded terminal (or asha's Paused) phase sticks; else the Job says; null when the trial never started.</summary>
    private static string? PhaseOf(string? recorded, V1Job? trialJob)
    {
        if (IsDone(recorded) || recorded == TrialPhase.Paused)
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
        var parts = new[] { (TrialPhase.Succeeded, "succeeded"), (TrialPhase.Failed, "failed"), (TrialPhase.EarlyStopped, "early-stopped"), (TrialPhase.Running, "running"), (TrialPhase.Paused, "paused"), (TrialPhase.Pending, "pending") }
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
