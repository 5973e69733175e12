using System.Text.Json;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class SearchPlannerAshaTests
{
    /// <summary>Nine trials, rungs at 10, 30 and 90 steps; learning rate on a log range.</summary>
    private static FineTuneJob AshaJob(int parallel = 1, int maxTrials = 9)
    {
        var job = Job(NewSearch(SearchAlgorithm.Asha, maxTrials, parallel, ("learningRate", Range(1e-5, 1e-1, "log"))));
        job.Spec.Search!.MinSteps = 10;
        job.Spec.Hyperparameters!.Epochs = null;
        job.Spec.Hyperparameters.MaxSteps = 90;
        job.Spec.EarlyStopping = null;
        return job;
    }

    // Best near learningRate 1e-3; more steps always help a little.
    private static double Loss(IReadOnlyDictionary<string, JsonElement> parameters, long steps) =>
        Math.Abs(Math.Log10(parameters["learningRate"].GetDouble()) + 3) + (10.0 / steps);

    private static V1Job Completed(string name, int rung) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [TrialNames.RungLabel] = rung.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] },
    };

    [Fact]
    public void Plan_FirstTrialEndsRungZero_IsPausedWithItsRungResultAndTheNextTrialStarts()
    {
        var job = AshaJob();
        job.Status = new FineTuneJobStatus { Trials = [new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Running, Rung = 0, Parameters = SearchSpace.ParametersOf(job.Spec, 0) }] };
        var history = new TrialHistory("bert-search-t0", [new TrialMetricPoint(10, EvalLoss: 0.7)], 10, 90, 11, true);

        var plan = SearchPlanner.Plan(new SearchInputs(job, new Dictionary<int, V1Job> { [0] = Completed("bert-search-t0", 0) }, new Dictionary<string, TrialHistory> { ["bert-search-t0"] = history }, TestObjects.Now));

        var trial = plan.Status.Trials![0];
        Assert.Equal((TrialPhase.Paused, 0, 10L), (trial.Phase, trial.Rung, trial.Steps));
        Assert.Equal([0.7], trial.RungObjectives!);
        Assert.Equal([1], plan.Create);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Plan_ThirdTrialEndsRungZeroBest_IsPromotedAndContinuesFromItsCheckpoint()
    {
        var job = AshaJob();
        job.Status = new FineTuneJobStatus
        {
            Trials =
            [
                new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Paused, Rung = 0, Steps = 10, Objective = 0.7, RungObjectives = [0.7] },
                new TrialStatus { Name = "bert-search-t1", Phase = TrialPhase.Paused, Rung = 0, Steps = 10, Objective = 0.9, RungObjectives = [0.9] },
                new TrialStatus { Name = "bert-search-t2", Phase = TrialPhase.Running, Rung = 0, Objective = 0.5 },
            ],
        };

        var plan = SearchSpaceHistoryless(job, new Dictionary<int, V1Job> { [2] = Completed("bert-search-t2", 0) });

        var trial = plan.Status.Trials![2];
        Assert.Equal((TrialPhase.Pending, 1, 10L), (trial.Phase, trial.Rung, trial.Steps));
        Assert.Equal([2], plan.Create);
        Assert.Equal(
            "promoted trial bert-search-t2 to rung 1 (30 steps, resuming from its step 10 checkpoint): eval_loss 0.5 after 10 steps ranks 1 of 3 in rung 0, the top 1 continue",
            Assert.Single(plan.Events).Message);
        Assert.All(plan.Status.Trials.Take(2), paused => Assert.Equal(TrialPhase.Paused, paused.Phase));
    }

    [Fact]
    public void Plan_PromotionRecordedButNextRungJobMissing_CreatesItAgainWithoutDecidingTwice()
    {
        // The operator wrote the promotion, then crashed before creating bert-search-t0-r1; the cache holds rung 0's Job.
        var job = AshaJob();
        job.Status = new FineTuneJobStatus { Trials = [new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Pending, Rung = 1, Steps = 10, Objective = 0.7, RungObjectives = [0.7] }] };

        var plan = SearchSpaceHistoryless(job, new Dictionary<int, V1Job> { [0] = Completed("bert-search-t0", 0) });

        var trial = plan.Status.Trials![0];
        Assert.Equal((TrialPhase.Pending, 1), (trial.Phase, trial.Rung));
        Assert.Equal([0.7], trial.RungObjectives!);
        Assert.Equal([0], plan.Create);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Plan_WholeSearch_PromotedTrialsContinueWhereTheirRungEndedAndTheRestStopAtTheirRung()
    {
        var simulation = new AshaSimulation(Loss);

        var job = simulation.Run(AshaJob());

        Assert.Equal(FineTuneJobPhase.Succeeded, job.Status!.Phase);
        // Every Job of a trial starts one step after its previous rung's end: no step is trained twice.
        foreach (var trial in simulation.Trained.GroupBy(trained => trained.Job.Split("-r")[0]))
        {
            var ranges = trial.ToList();
            Assert.Equal(1, ranges[0].From);
            Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.To + 1, pair.Second.From));
        }

        var trials = job.Status.Trials!;
        Assert.Equal(simulation.Trained.Sum(trained => trained.To - trained.From + 1), trials.Sum(trial => trial.Steps!.Value));
        Assert.True(trials.Sum(trial => trial.Steps!.Value) <= 9 * 90 / 2, $"{trials.Sum(trial => trial.Steps)} steps");
        Assert.All(trials.Where(trial => trial.Phase == TrialPhase.EarlyStopped), trial => Assert.True(trial.Steps < 90));
        // Asynchronous: a trial promoted early may fall out of its rung's top later, so rung 1 may hold one more than 9 / 3.
        var reached = Enumerable.Range(0, 3).Select(rung => trials.Count(trial => trial.RungObjectives!.Count > rung)).ToList();
        Assert.Equal((9, 1), (reached[0], reached[2]));
        Assert.InRange(reached[1], 3, 4);
        var best = trials.Single(trial => trial.Name == job.Status.BestTrial);
        Assert.Equal((TrialPhase.Succeeded, 2, 90L), (best.Phase, best.Rung, best.Steps));
        Assert.Equal(trials.Where(trial => trial.Phase == TrialPhase.Succeeded).Min(trial => trial.Objective), best.Objective);
        Assert.Contains(simulation.Events, message => message.StartsWith("stopped trial", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_WholeSearchTwiceAndWithARestartBeforeEveryPass_EndsIdentically()
    {
        var first = new AshaSimulation(Loss).Run(AshaJob());
        var second = new AshaSimulation(Loss).Run(AshaJob());
        var restarted = new AshaSimulation(Loss, restartEveryPass: true).Run(AshaJob());

        var expected = KubernetesJson.Serialize(first.Status!.Trials);
        Assert.Equal(expected, KubernetesJson.Serialize(second.Status!.Trials));
        Assert.Equal(expected, KubernetesJson.Serialize(restarted.Status!.Trials));
        Assert.Equal(first.Status.BestTrial, restarted.Status.BestTrial);
    }

    [Fact]
    public void Plan_ThreeInParallel_NeverRunsMoreThanThreeAndFinishes()
    {
        var simulation = new AshaSimulation(Loss);

        var job = simulation.Run(AshaJob(parallel: 3));

        Assert.Equal(FineTuneJobPhase.Succeeded, job.Status!.Phase);
        Assert.Equal(3, simulation.MostActive);
        Assert.Equal(9, job.Status.Trials!.Count);
        Assert.All(job.Status.Trials, trial => Assert.True(SearchPlanner.IsDone(trial.Phase)));
    }

    private static SearchPlan SearchSpaceHistoryless(FineTuneJob job, Dictionary<int, V1Job> jobs) =>
        SearchPlanner.Plan(new SearchInputs(job, jobs, new Dictionary<string, TrialHistory>(), TestObjects.Now));
}
