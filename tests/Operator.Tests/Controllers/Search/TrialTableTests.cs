using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class TrialTableTests
{
    [Fact]
    public void Format_SortsByObjectiveBestFirstAndMarksTheBest()
    {
        var job = Job(NewSearch(SearchAlgorithm.Grid, 4, 2, ("batchSize", Values(8, 16))), "s");
        job.Spec.Search!.Objective = new SearchObjective { Metric = MetricName.EvalAccuracy, Goal = ObjectiveGoal.Maximize };
        job.Status = new FineTuneJobStatus
        {
            BestTrial = "s-t2",
            Trials =
            [
                new TrialStatus { Name = "s-t0", Phase = TrialPhase.Succeeded, Objective = 0.81, Steps = 24, Parameters = SearchSpace.ParametersOf(job.Spec, 0) },
                new TrialStatus { Name = "s-t1", Phase = TrialPhase.Failed },
                new TrialStatus { Name = "s-t2", Phase = TrialPhase.Succeeded, Objective = 0.875, Steps = 24, Parameters = SearchSpace.ParametersOf(job.Spec, 1) },
                new TrialStatus { Name = "s-t3", Phase = TrialPhase.EarlyStopped, Objective = 0.5, Steps = 8 },
            ],
        };

        var lines = TrialTable.Format(job).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(
            [
                "TRIAL  PHASE         EVAL_ACCURACY  STEPS  PARAMETERS",
                "s-t2   Succeeded     0.8750         24     batchSize=16  <- best",
                "s-t0   Succeeded     0.8100         24     batchSize=8",
                "s-t3   EarlyStopped  0.5000         8",
                "s-t1   Failed        -              -",
            ],
            lines);
    }

    [Fact]
    public void Format_Asha_ShowsTheRungAndPutsTheLongestTrainedFirst()
    {
        var job = Job(NewSearch(SearchAlgorithm.Asha, 3, 1, ("batchSize", Values(8, 16))), "s");
        job.Status = new FineTuneJobStatus
        {
            BestTrial = "s-t0",
            Trials =
            [
                new TrialStatus { Name = "s-t0", Phase = TrialPhase.Succeeded, Objective = 0.40, Steps = 90, Rung = 2 },
                new TrialStatus { Name = "s-t1", Phase = TrialPhase.EarlyStopped, Objective = 0.35, Steps = 10, Rung = 0 },
                new TrialStatus { Name = "s-t2", Phase = TrialPhase.EarlyStopped, Objective = 0.45, Steps = 30, Rung = 1 },
            ],
        };

        var lines = TrialTable.Format(job).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(
            [
                "TRIAL  PHASE         EVAL_LOSS  STEPS  RUNG  PARAMETERS",
                "s-t0   Succeeded     0.4000     90     2" + new string(' ', 17) + TrialTable.BestMark,
                "s-t2   EarlyStopped  0.4500     30     1",
                "s-t1   EarlyStopped  0.3500     10     0",
            ],
            lines);
    }

    [Fact]
    public void ProgressLine_ShowsStepPercentAndTheLatestObjective()
    {
        var history = new TrialHistory("s-t1", [new TrialMetricPoint(20, EvalLoss: 0.61), new TrialMetricPoint(40, EvalLoss: 0.52)], 40, 120, 33.33, false);

        Assert.Equal("s-t1  step 40/120  33%  eval_loss 0.5200", TrialTable.ProgressLine(MetricName.EvalLoss, history));
    }
}
