using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class MedianStoppingRuleTests
{
    private static readonly TrialMetricPoint[] GoodA = [new(10, EvalLoss: 0.9), new(20, EvalLoss: 0.5)];
    private static readonly TrialMetricPoint[] GoodB = [new(10, EvalLoss: 0.7), new(20, EvalLoss: 0.4)];
    private static readonly TrialMetricPoint[] GoodC = [new(10, EvalLoss: 0.8), new(20, EvalLoss: 0.45)];

    [Theory]
    [InlineData(10, 0.95, true)]
    [InlineData(10, 0.85, true)]
    [InlineData(10, 0.75, false)]
    [InlineData(20, 0.50, true)]
    [InlineData(20, 0.44, false)]
    [InlineData(5, 5.0, false)]
    public void ShouldStop_ComparesWithTheMedianOfCompletedTrialsAtTheSameStep(long step, double loss, bool stop)
    {
        var why = MedianStoppingRule.ShouldStop(MetricName.EvalLoss, ObjectiveGoal.Minimize, best: false, [new(step, EvalLoss: loss)], [GoodA, GoodB, GoodC]);

        Assert.Equal(stop, why is not null);
    }

    [Fact]
    public void ShouldStop_Maximize_StopsTheTrialBelowTheMedian()
    {
        TrialMetricPoint[] a = [new(10, EvalAccuracy: 0.8)];
        TrialMetricPoint[] b = [new(10, EvalAccuracy: 0.9)];

        Assert.NotNull(MedianStoppingRule.ShouldStop(MetricName.EvalAccuracy, ObjectiveGoal.Maximize, false, [new(10, EvalAccuracy: 0.6)], [a, b]));
        Assert.Null(MedianStoppingRule.ShouldStop(MetricName.EvalAccuracy, ObjectiveGoal.Maximize, false, [new(10, EvalAccuracy: 0.86)], [a, b]));
    }

    [Fact]
    public void ShouldStop_FewerCompletedTrialsThanTheMinimum_LetsItRun()
    {
        Assert.Null(MedianStoppingRule.ShouldStop(MetricName.EvalLoss, ObjectiveGoal.Minimize, false, [new(10, EvalLoss: 9)], [GoodA]));
    }

    [Fact]
    public void ShouldStop_NoEvaluationOfTheObjectiveYet_LetsItRun()
    {
        Assert.Null(MedianStoppingRule.ShouldStop(MetricName.EvalLoss, ObjectiveGoal.Minimize, false, [new(10, TrainLoss: 9)], [GoodA, GoodB]));
    }

    [Fact]
    public void ShouldStop_WithBestValues_JudgesTheBestSoFar()
    {
        // Judged by its best so far (0.6, not its latest 0.9) against the best of the others up to step 20.
        TrialMetricPoint[] running = [new(10, EvalLoss: 0.6), new(20, EvalLoss: 0.9)];

        var why = MedianStoppingRule.ShouldStop(MetricName.EvalLoss, ObjectiveGoal.Minimize, best: true, running, [GoodA, GoodB, GoodC]);

        Assert.Equal("eval_loss 0.6 at step 20 is worse than the median 0.45 of 3 completed trials", why);
    }
}
