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
                new TrialStatus { Name = "s-t0", Phase = TrialPhase.Succeeded, Objective = 0.81, Parameters = SearchSpace.ParametersOf(job.Spec, 0) },
                new TrialStatus { Name = "s-t1", Phase = TrialPhase.Failed },
                new TrialStatus { Name = "s-t2", Phase = TrialPhase.Succeeded, Objective = 0.875, Parameters = SearchSpace.ParametersOf(job.Spec, 1) },
                new TrialStatus { Name = "s-t3", Phase = TrialPhase.EarlyStopped, Objective = 0.5 },
            ],
        };

        var lines = TrialTable.Format(job).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(
            [
                "TRIAL  PHASE         EVAL_ACCURACY  PARAMETERS",
                "s-t2   Succeeded     0.8750         batchSize=16  <- best",
                "s-t0   Succeeded     0.8100         batchSize=8",
                "s-t3   EarlyStopped  0.5000",
                "s-t1   Failed        -",
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
