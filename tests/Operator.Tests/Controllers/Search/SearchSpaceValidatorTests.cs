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

    public static TheoryData<string, string> BadAlgorithmSettings => new()
    {
        { "asha no minSteps", "spec.search.minSteps: asha needs the steps of its first rung" },
        { "asha no maxSteps", "spec.hyperparameters.maxSteps: asha needs it" },
        { "asha minSteps 90", "spec.search.minSteps: must be less than hyperparameters.maxSteps (90), was 90" },
        { "asha epochs", "spec.search.parameters.epochs: asha sets each trial's length in steps" },
        { "asha earlyStopping", "spec.earlyStopping: asha stops trials itself" },
        { "random minSteps", "spec.search.minSteps: is an asha setting" },
        { "random reductionFactor", "spec.search.reductionFactor: is an asha setting" },
        { "asha startupTrials", "spec.search.startupTrials: is a tpe setting" },
    };

    [Theory]
    [MemberData(nameof(BadAlgorithmSettings))]
    public void Validate_AlgorithmSettingOutOfPlace_NamesTheField(string setting, string expected)
    {
        var spec = Job(NewSearch(setting.StartsWith("asha", StringComparison.Ordinal) ? SearchAlgorithm.Asha : SearchAlgorithm.Random, 9, 1, ("learningRate", Range(1e-5, 1e-3, "log")))).Spec;
        spec.Hyperparameters!.Epochs = null;
        spec.Hyperparameters.MaxSteps = 90;
        spec.EarlyStopping = null;
        spec.Search!.MinSteps = setting.StartsWith("asha", StringComparison.Ordinal) ? 10 : null;
        switch (setting)
        {
            case "asha no minSteps": spec.Search.MinSteps = null; break;
            case "asha no maxSteps": spec.Hyperparameters.MaxSteps = null; break;
            case "asha minSteps 90": spec.Search.MinSteps = 90; break;
            case "asha epochs": spec.Search.Parameters["epochs"] = Values(1, 2); break;
            case "asha earlyStopping": spec.EarlyStopping = new EarlyStoppingSpec(); break;
            case "random minSteps": spec.Search.MinSteps = 10; break;
            case "random reductionFactor": spec.Search.ReductionFactor = 3; break;
            case "asha startupTrials": spec.Search.StartupTrials = 3; break;
        }

        var problems = SearchSpaceValidator.Validate(spec).Select(problem => problem.ToString()).ToList();

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AshaWithItsRungsAndTpeWithItsStart_HaveNoProblems()
    {
        var asha = Job(NewSearch(SearchAlgorithm.Asha, 9, 3, ("learningRate", Range(1e-5, 1e-3, "log")))).Spec;
        asha.Hyperparameters!.Epochs = null;
        asha.Hyperparameters.MaxSteps = 90;
        asha.EarlyStopping = null;
        asha.Search!.MinSteps = 10;
        asha.Search.ReductionFactor = 3;
        var tpe = Job(NewSearch(SearchAlgorithm.Tpe, 9, 1, ("learningRate", Range(1e-5, 1e-3, "log")), ("batchSize", Values(8, 16)))).Spec;
        tpe.Search!.StartupTrials = 3;

        Assert.Empty(SearchSpaceValidator.Validate(asha));
        Assert.Empty(SearchSpaceValidator.Validate(tpe));
    }
}
