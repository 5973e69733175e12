using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class AshaRungsTests
{
    public static TheoryData<long, int, long, long[]> Rungs => new()
    {
        { 10, 3, 90, [10, 30, 90] },
        { 10, 3, 100, [10, 30, 90, 100] },
        { 10, 3, 50, [10, 30, 50] },
        { 5, 2, 40, [5, 10, 20, 40] },
        { 1, 100, 50, [1, 50] },
        { 1, 2, long.MaxValue, [.. Enumerable.Range(0, 63).Select(power => 1L << power), long.MaxValue] },
    };

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Budgets_MinStepsTimesTheFactor_EndAtMaxSteps(long minSteps, int factor, long maxSteps, long[] expected)
    {
        Assert.Equal(expected, AshaRungs.Budgets(minSteps, factor, maxSteps));
    }

    [Theory]
    [InlineData(0.5, new double[0], 3, ObjectiveGoal.Minimize, false, 1, 0, 1)]
    [InlineData(0.5, new[] { 0.6 }, 2, ObjectiveGoal.Minimize, true, 1, 1, 2)]
    [InlineData(0.5, new[] { 0.4 }, 2, ObjectiveGoal.Minimize, false, 2, 1, 2)]
    [InlineData(0.3, new[] { 0.4, 0.9 }, 3, ObjectiveGoal.Minimize, true, 1, 1, 3)]
    [InlineData(0.5, new[] { 0.5, 0.9 }, 3, ObjectiveGoal.Minimize, true, 1, 1, 3)]
    [InlineData(0.5, new[] { 0.4, 0.9, 0.8 }, 3, ObjectiveGoal.Minimize, false, 2, 1, 4)]
    [InlineData(0.5, new[] { 0.4, 0.9, 0.8, 0.7, 0.6 }, 3, ObjectiveGoal.Minimize, true, 2, 2, 6)]
    [InlineData(0.9, new[] { 0.8, 0.7 }, 3, ObjectiveGoal.Maximize, true, 1, 1, 3)]
    [InlineData(0.7, new[] { 0.8, 0.9 }, 3, ObjectiveGoal.Maximize, false, 3, 1, 3)]
    public void Decide_RankInTheRung_PromotesTheTopFloorOfNOverTheFactor(double value, double[] others, int factor, string goal, bool promote, int rank, int keep, int count)
    {
        Assert.Equal(new RungDecision(promote, rank, keep, count), AshaRungs.Decide(value, others, factor, goal));
    }

    [Fact]
    public void StopAt_LastRung_TrainsToTheEnd()
    {
        var job = SearchObjects.Job(SearchObjects.NewSearch(SearchAlgorithm.Asha, 9, 1, ("learningRate", SearchObjects.Range(1e-4, 1e-2, "log"))));
        job.Spec.Search!.MinSteps = 10;
        job.Spec.Hyperparameters!.Epochs = null;
        job.Spec.Hyperparameters.MaxSteps = 90;

        Assert.Equal([10, 30, null], Enumerable.Range(0, 3).Select(rung => AshaRungs.StopAt(job.Spec, rung)));
    }
}
