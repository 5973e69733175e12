using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class SearchSpaceValidatorTests
{
    public static TheoryData<string, SearchParameter, string> BadSpaces => new()
    {
        { "learningRate", Range(1e-3, 1e-3), "spec.search.parameters.learningRate.min: must be less than max" },
        { "learningRate", Range(1e-2, 1e-3), "spec.search.parameters.learningRate.min: must be less than max" },
        { "batchSize", Values(), "spec.search.parameters.batchSize.values: must list at least one value" },
        { "momentum", Values(0.9), "spec.search.parameters.momentum: unknown parameter; searchable: learningRate" },
        { "learningRate", Range(0, 1e-3, "log"), "spec.search.parameters.learningRate.scale: a log scale needs min greater than 0" },
        { "batchSize", Values(8, 12.5), "spec.search.parameters.batchSize.values[1]: batchSize is a whole number of at least 1" },
        { "scheduler", Values("cosine", "exponential"), "spec.search.parameters.scheduler.values[1]: \"exponential\" is not one of linear, cosine" },
        { "scheduler", Range(0, 1), "spec.search.parameters.scheduler.values: scheduler takes values only" },
        { "warmupRatio", new SearchParameter { Min = 0 }, "spec.search.parameters.warmupRatio: set either values, or min and max" },
        { "epochs", new SearchParameter { Min = 1, Max = 3, Values = [] }, "spec.search.parameters.epochs: set either values, or min and max, not both" },
    };

    [Theory]
    [MemberData(nameof(BadSpaces))]
    public void Validate_BadSpace_NamesTheField(string name, SearchParameter space, string expected)
    {
        var spec = Job(NewSearch(SearchAlgorithm.Random, 4, 1, (name, space))).Spec;

        var problems = SearchSpaceValidator.Validate(spec).Select(problem => problem.ToString()).ToList();

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LoraParameterWithFullFineTuning_IsAProblem()
    {
        var spec = Job(NewSearch(SearchAlgorithm.Grid, 4, 1, ("loraR", Values(4, 8)))).Spec;
        spec.Method = new MethodSpec { Type = FineTuneMethod.Full };

        var problem = Assert.Single(SearchSpaceValidator.Validate(spec));

        Assert.Equal("spec.search.parameters.loraR", problem.Field);
    }

    [Fact]
    public void Validate_GoodSpace_HasNoProblems()
    {
        var spec = Job(NewSearch(
            SearchAlgorithm.Grid, 8, 2,
            ("learningRate", Range(1e-5, 1e-3, "log", 3)), ("batchSize", Values(8, 16)), ("scheduler", Values("cosine")), ("loraR", Values(4, 8)), ("loraDropout", Range(0, 0.1)))).Spec;

        Assert.Empty(SearchSpaceValidator.Validate(spec));
    }
}
