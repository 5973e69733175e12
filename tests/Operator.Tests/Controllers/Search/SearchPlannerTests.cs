using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class SearchPlannerTests
{
    private static FineTuneJob GridJob(int parallel = 2) =>
        Job(NewSearch(SearchAlgorithm.Grid, 10, parallel, ("learningRate", Values(1e-4, 1e-3)), ("batchSize", Values(8, 16))));

    private static V1Job TrialJob(string condition = "", int active = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "trial", Uid = Guid.NewGuid().ToString() },
        Status = new V1JobStatus
        {
            Active = active,
            Conditions = condition.Length == 0 ? null : [new V1JobCondition { Type = condition, Status = "True" }],
        },
    };

    private static SearchPlan Plan(FineTuneJob job, Dictionary<int, V1Job>? jobs = null, Dictionary<string, TrialHistory>? histories = null) =>
        SearchPlanner.Plan(new SearchInputs(job, jobs ?? [], histories ?? [], TestObjects.Now));

    private static TrialHistory History(string trial, bool final, params (long Step, double Loss)[] evals) =>
        new(trial, [.. evals.Select(eval => new TrialMetricPoint(eval.Step, EvalLoss: eval.Loss))], evals.Max(eval => eval.Step), 100, null, final);

    [Fact]
    public void Plan_NewSearch_StartsParallelTrialsLowestIndexFirst()
    {
        var plan = Plan(GridJob(parallel: 2));

        Assert.Equal([0, 1], plan.Create);
        Assert.Equal(["bert-search-t0", "bert-search-t1"], plan.Status.Trials!.Select(trial => trial.Name));
        Assert.All(plan.Status.Trials!, trial => Assert.Equal(TrialPhase.Pending, trial.Phase));
        Assert.Equal("batchSize=8 learningRate=0.001", TrialSpec.Describe(plan.Status.Trials![1].Parameters));
        Assert.Equal(FineTuneJobPhase.Pending, plan.Status.Phase);
    }

    [Fact]
    public void Plan_OneTrialFinished_StartsTheNextInItsSlotOnly()
    {
        var job = GridJob(parallel: 2);
        job.Status = Plan(job).Status;

        var plan = Plan(job, new() { [0] = TrialJob("Complete"), [1] = TrialJob(active: 1) });

        Assert.Equal([2], plan.Create);
        Assert.Equal([TrialPhase.Succeeded, TrialPhase.Running, TrialPhase.Pending], plan.Status.Trials!.Select(trial => trial.Phase));
        Assert.Equal(FineTuneJobPhase.Running, plan.Status.Phase);
    }

    [Fact]
    public void Plan_TrialRecordedDoneWhoseJobIsGone_IsNeverRunAgain()
    {
        var job = GridJob(parallel: 1);
        job.Status = new FineTuneJobStatus { Trials = [new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Failed }] };

        var plan = Plan(job);

        Assert.Equal([1], plan.Create);
        Assert.Equal(TrialPhase.Failed, plan.Status.Trials![0].Phase);
    }

    [Fact]
    public void Plan_TrialRecordedRunningWhoseJobIsGone_IsCreatedAgain()
    {
        var job = GridJob(parallel: 1);
        job.Status = new FineTuneJobStatus { Trials = [new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Running }] };

        Assert.Equal([0], Plan(job).Create);
    }

    [Fact]
    public void Plan_AllTrialsDone_SucceedsWithTheBestTrialsOutput()
    {
        var job = GridJob(parallel: 4);
        job.Status = Plan(job).Status;
        var jobs = new Dictionary<int, V1Job> { [0] = TrialJob("Complete"), [1] = TrialJob("Complete"), [2] = TrialJob("Failed"), [3] = TrialJob("Complete") };
        var histories = new Dictionary<string, TrialHistory>
        {
            ["bert-search-t0"] = History("bert-search-t0", true, (10, 0.5)),
            ["bert-search-t1"] = History("bert-search-t1", true, (10, 0.2)),
            ["bert-search-t3"] = History("bert-search-t3", true, (10, 0.4)),
        };

        var plan = Plan(job, jobs, histories);

        Assert.Empty(plan.Create);
        Assert.Equal("bert-search-t1", plan.Status.BestTrial);
        Assert.Equal("pvc://models/bert-sst2/trials/t1", plan.Status.Output!.Uri);
        Assert.Equal(FineTuneJobPhase.Succeeded, plan.Status.Phase);
        Assert.Contains(plan.Status.Conditions!, condition => condition.Type == ConditionTypes.Succeeded && condition.Status == "True" && condition.Message.StartsWith("best trial bert-search-t1 (eval_loss 0.2)", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_EveryTrialFailed_Fails()
    {
        var job = GridJob(parallel: 4);
        job.Status = Plan(job).Status;

        var plan = Plan(job, Enumerable.Range(0, 4).ToDictionary(k => k, _ => TrialJob("Failed")));

        Assert.Equal(FineTuneJobPhase.Failed, plan.Status.Phase);
        Assert.Contains(plan.Status.Conditions!, condition => condition.Type == ConditionTypes.Failed && condition.Reason == SearchReasons.AllTrialsFailed);
    }

    [Fact]
    public void Plan_RunningTrialWorseThanTheMedian_IsStoppedAndItsSlotReused()
    {
        var job = GridJob(parallel: 1);
        job.Status = new FineTuneJobStatus
        {
            Trials =
            [
                new TrialStatus { Name = "bert-search-t0", Phase = TrialPhase.Succeeded },
                new TrialStatus { Name = "bert-search-t1", Phase = TrialPhase.Succeeded },
                new TrialStatus { Name = "bert-search-t2", Phase = TrialPhase.Running },
            ],
        };
        var running = TrialJob(active: 1);
        var histories = new Dictionary<string, TrialHistory>
        {
            ["bert-search-t0"] = History("bert-search-t0", true, (10, 0.5), (20, 0.3)),
            ["bert-search-t1"] = History("bert-search-t1", true, (10, 0.6), (20, 0.35)),
            ["bert-search-t2"] = History("bert-search-t2", false, (10, 2.5)),
        };

        var plan = Plan(job, new() { [2] = running }, histories);

        Assert.Same(running, Assert.Single(plan.Stop));
        Assert.Equal(TrialPhase.EarlyStopped, plan.Status.Trials![2].Phase);
        Assert.Equal(2.5, plan.Status.Trials![2].Objective);
        Assert.Equal([3], plan.Create);
    }
}
