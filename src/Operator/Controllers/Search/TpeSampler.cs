using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011), pure and per parameter: the finished trials are split
/// at the best <see cref="Gamma"/> fraction into good and bad; <see cref="Candidates"/> values are drawn from the good
/// trials' density l and the one with the highest l/g is taken. Ranges are modelled on their scale (log or linear) and
/// integers rounded; values lists are categorical with add-one smoothing. Until startupTrials have finished, trial k
/// takes random search's draw. The draws come from <see cref="StableRandom"/> seeded by (seed, k, parameter), so trial k
/// gets the same parameters from the same history after a restart.
/// </summary>
public static class TpeSampler
{
    public const double Gamma = 0.25;
    public const int Candidates = 24;

    public static int StartupTrials(SearchSpec search) => search.StartupTrials ?? Defaults.SearchStartupTrials;

    /// <summary>The finished trials TPE learns from: succeeded with an objective, in index order.</summary>
    public static IReadOnlyList<TpeObservation> History(IEnumerable<TrialStatus> trials) =>
        [.. trials.Where(trial => trial.Phase == TrialPhase.Succeeded && trial.Objective is not null && trial.Parameters is not null)
            .Select(trial => new TpeObservation(new Dictionary<string, JsonElement>(trial.Parameters!, StringComparer.Ordinal), trial.Objective!.Value))];

    /// <summary>Trial <paramref name="trial"/>'s parameters given the finished trials, or null while the random start lasts.</summary>
    public static SortedDictionary<string, JsonElement>? Sample(SearchSpec search, long seed, int trial, IReadOnlyList<TpeObservation> history)
    {
        if (history.Count < StartupTrials(search))
        {
            return null;
        }

        var sign = ObjectiveMetric.Maximizes(search.Objective?.Goal) ? -1 : 1;
        var ranked = history.Select((observation, order) => (observation, order))
            .OrderBy(pair => sign * pair.observation.Objective)
            .ThenBy(pair => pair.order)
            .Select(pair => pair.observation)
            .ToList();
        var goodCount = Math.Max(1, (int)Math.Ceiling(Gamma * ranked.Count));
        var good = ranked.Take(goodCount).ToList();
        var bad = ranked.Skip(goodCount).ToList();
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, parameter) in search.Parameters)
        {
            var random = StableRandom.For(seed, trial, name);
            var kind = SearchParameterNames.Kinds.GetValueOrDefault(name, ParameterKind.Real);
            result[name] = parameter.Values is { Count: > 0 } values
                ? Categorical(values, Observed(good, name), Observed(bad, name), random)
                : Numeric(kind, parameter, Observed(good, name), Observed(bad, name), random);
        }

        return result;
    }

    private static List<JsonElement> Observed(List<TpeObservation> trials, string name) =>
        [.. trials.Where(trial => trial.Parameters.ContainsKey(name)).Select(trial => trial.Parameters[name])];

    private static JsonElement Categorical(IList<JsonElement> values, List<JsonElement> good, List<JsonElement> bad, StableRandom random)
    {
        var weights = values.Select(value => (Good: Probability(value, good, values.Count), Bad: Probability(value, bad, values.Count))).ToList();
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var index = Draw(weights.Select(weight => weight.Good).ToList(), random.NextDouble());
            var score = Math.Log(weights[index].Good) - Math.Log(weights[index].Bad);
            if (score > bestScore)
            {
                (best, bestScore) = (index, score);
            }
        }

        return values[best];
    }

    /// <summary>The index a uniform <paramref name="u"/> falls on in the cumulative <paramref name="weights"/> (which sum to 1).</summary>
    private static int Draw(List<double> weights, double u)
    {
        var cumulative = 0.0;
        for (var i = 0; i < weights.Count - 1; i++)
        {
            cumulative += weights[i];
            if (u < cumulative)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    /// <summary>(count of <paramref name="value"/> + 1) / (n + k): add-one smoothing, so an unseen choice keeps a chance.</summary>
    private static double Probability(JsonElement value, List<JsonElement> observed, int choices) =>
        (observed.Count(seen => SameValue(seen, value)) + 1.0) / (observed.Count + choices);

    private static bool SameValue(JsonElement left, JsonElement right) =>
        left.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number
            ? left.GetDouble() == right.GetDouble()
            : left.GetRawText() == right.GetRawText();

    private static JsonElement Numeric(ParameterKind kind, SearchParameter parameter, List<JsonElement> good, List<JsonElement> bad, StableRandom random)
    {
        var log = parameter.Scale == ParameterScale.Log;
        double ToModel(double value) => log ? Math.Log(value) : value;
        var low = ToModel(parameter.Min!.Value);
        var high = ToModel(parameter.Max!.Value);
        var l = new ParzenEstimator(Numbers(good).Select(ToModel), low, high);
        var g = new ParzenEstimator(Numbers(bad).Select(ToModel), low, high);
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var candidate = l.Sample(random);
            var score = l.LogDensity(candidate) - g.LogDensity(candidate);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return SearchSpace.NumberValue(kind, parameter, log ? Math.Exp(best) : best);
    }

    private static IEnumerable<double> Numbers(List<JsonElement> values) =>
        values.Where(value => value.ValueKind == JsonValueKind.Number).Select(value => value.GetDouble());
}
