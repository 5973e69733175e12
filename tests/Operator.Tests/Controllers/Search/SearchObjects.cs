using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Controllers.Search;

/// <summary>Search specs for the tests: parameter spaces in a line each.</summary>
internal static class SearchObjects
{
    public static SearchParameter Values(params object[] values) => new() { Values = [.. values.Select(value => JsonSerializer.SerializeToElement(value))] };

    public static SearchParameter Range(double min, double max, string? scale = null, int? steps = null) => new() { Min = min, Max = max, Scale = scale, Steps = steps };

    public static SearchSpec NewSearch(string algorithm, int maxTrials, int parallel, params (string Name, SearchParameter Space)[] parameters) => new()
    {
        Algorithm = algorithm,
        MaxTrials = maxTrials,
        ParallelTrials = parallel,
        Seed = 7,
        Objective = new SearchObjective { Metric = MetricName.EvalLoss, Goal = ObjectiveGoal.Minimize },
        Parameters = parameters.ToDictionary(pair => pair.Name, pair => pair.Space),
    };

    public static FineTuneJob Job(SearchSpec search, string name = "bert-search") => TestObjects.FineTuneJob(name, spec => spec.Search = search);

    public static string Text(JsonElement value) => value.GetRawText();
}
