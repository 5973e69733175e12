using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class SearchSpaceTests
{
    [Fact]
    public void ParametersOf_GridTwoByTwo_GivesEveryCombinationOnceLastNameFastest()
    {
        var spec = Job(NewSearch(SearchAlgorithm.Grid, 10, 2, ("learningRate", Values(1e-4, 1e-3)), ("batchSize", Values(8, 16)))).Spec;

        var trials = Enumerable.Range(0, SearchSpace.TrialCount(spec.Search!))
            .Select(k => TrialSpec.Describe(SearchSpace.ParametersOf(spec, k)))
            .ToList();

        Assert.Equal(
            ["batchSize=8 learningRate=0.0001", "batchSize=8 learningRate=0.001", "batchSize=16 learningRate=0.0001", "batchSize=16 learningRate=0.001"],
            trials);
    }

    [Theory]
    [InlineData(10, 6)]
    [InlineData(4, 4)]
    [InlineData(1, 1)]
    public void TrialCount_Grid_IsEveryCombinationUnlessMaxTrialsIsSmaller(int maxTrials, int expected)
    {
        var search = NewSearch(SearchAlgorithm.Grid, maxTrials, 1, ("epochs", Values(1, 2, 3)), ("scheduler", Values("linear", "cosine")));

        Assert.Equal(expected, SearchSpace.TrialCount(search));
    }

    [Theory]
    [InlineData(null, 3, "[0,0.5,1]")]
    [InlineData("linear", 5, "[0,0.25,0.5,0.75,1]")]
    [InlineData("log", 3, "[1E-05,0.0001,0.001]")]
    public void ParametersOf_GridRange_TakesStepsPointsOnTheScale(string? scale, int steps, string expected)
    {
        var min = scale == "log" ? 1e-5 : 0;
        var max = scale == "log" ? 1e-3 : 1;
        var spec = Job(NewSearch(SearchAlgorithm.Grid, 100, 1, ("warmupRatio", Range(min, max, scale, scale is null ? null : steps)))).Spec;

        var points = Enumerable.Range(0, SearchSpace.TrialCount(spec.Search!)).Select(k => SearchSpace.ParametersOf(spec, k)["warmupRatio"].GetDouble()).ToList();

        Assert.Equal(expected, JsonSerializer.Serialize(points));
    }

    [Fact]
    public void ParametersOf_GridIntegerRange_RoundsAndDropsDuplicates()
    {
        var spec = Job(NewSearch(SearchAlgorithm.Grid, 100, 1, ("loraR", Range(1, 3, steps: 5)))).Spec;

        Assert.Equal(3, SearchSpace.TrialCount(spec.Search!));
        Assert.Equal(["1", "2", "3"], Enumerable.Range(0, 3).Select(k => Text(SearchSpace.ParametersOf(spec, k)["loraR"])));
    }

    [Fact]
    public void ParametersOf_Random_DependsOnlyOnSeedAndTrialIndex()
    {
        var search = NewSearch(SearchAlgorithm.Random, 8, 2, ("learningRate", Range(1e-5, 1e-3, "log")), ("batchSize", Values(8, 16, 32)));
        var first = Job(search).Spec;
        var second = Job(NewSearch(SearchAlgorithm.Random, 8, 2, ("batchSize", Values(8, 16, 32)), ("learningRate", Range(1e-5, 1e-3, "log")))).Spec;

        // Asking in another order, or for a later trial first, gives the same parameters.
        var forward = Enumerable.Range(0, 8).Select(k => TrialSpec.Describe(SearchSpace.ParametersOf(first, k))).ToList();
        var backward = Enumerable.Range(0, 8).Reverse().Select(k => TrialSpec.Describe(SearchSpace.ParametersOf(second, k))).Reverse().ToList();

        Assert.Equal(forward, backward);
        Assert.True(forward.Distinct().Count() >= 6, "eight draws from a continuous range should differ: " + string.Join(" | ", forward));
    }

    [Fact]
    public void ParametersOf_RandomWithAnotherSeed_DrawsOtherValues()
    {
        var spec = Job(NewSearch(SearchAlgorithm.Random, 4, 1, ("learningRate", Range(1e-5, 1e-3, "log")))).Spec;
        var other = Job(NewSearch(SearchAlgorithm.Random, 4, 1, ("learningRate", Range(1e-5, 1e-3, "log")))).Spec;
        other.Search!.Seed = 8;

        Assert.NotEqual(SearchSpace.ParametersOf(spec, 0)["learningRate"].GetDouble(), SearchSpace.ParametersOf(other, 0)["learningRate"].GetDouble());
    }

    [Theory]
    [InlineData("learningRate", 1e-5, 1e-3, "log")]
    [InlineData("warmupRatio", 0, 0.2, "linear")]
    [InlineData("batchSize", 4, 64, "log")]
    [InlineData("epochs", 1, 3, "linear")]
    public void ParametersOf_RandomRange_StaysInRangeAndWholeForIntegers(string name, double min, double max, string scale)
    {
        var spec = Job(NewSearch(SearchAlgorithm.Random, 200, 1, (name, Range(min, max, scale)))).Spec;

        var values = Enumerable.Range(0, 200).Select(k => SearchSpace.ParametersOf(spec, k)[name].GetDouble()).ToList();

        Assert.All(values, value => Assert.InRange(value, min, max));
        if (SearchParameterNames.Kinds[name] == ParameterKind.Integer)
        {
            Assert.All(values, value => Assert.Equal(Math.Floor(value), value));
        }

        if (scale == "log")
        {
            // Log spacing: about half the draws fall below the geometric mean.
            var below = values.Count(value => value < Math.Sqrt(min * max));
            Assert.InRange(below, 60, 140);
        }
    }

    [Fact]
    public void NextUInt64_SeedZero_MatchesTheSplitMix64ReferenceSequence()
    {
        var random = new StableRandom(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
    }
}
