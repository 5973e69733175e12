using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The trials of a valid search (see <see cref="SearchSpaceValidator"/>), pure: trial k's parameters depend only on
/// the spec and k. Grid: the combinations in order, the last parameter (by name) varying fastest; a range gives
/// <c>steps</c> points (default 3), linear or log spaced. Random: each value drawn with <see cref="StableRandom"/> from
/// (seed, k, parameter name); asha samples as random does; tpe as random for its first trials, then from
/// <see cref="TpeSampler"/>.
/// </summary>
public static class SearchSpace
{

    /// <summary>How many trials the search runs: maxTrials, and for grid at most every combination.</summary>
    public static int TrialCount(SearchSpec search)
    {
        var max = search.MaxTrials ?? Defaults.SearchMaxTrials;
        if (!IsGrid(search))
        {
            return max;
        }

        long combinations = 1;
        foreach (var axis in GridAxes(search))
        {
            combinations = Math.Min(combinations * axis.Count, int.MaxValue);
        }

        return (int)Math.Min(max, combinations);
    }

    public static int ParallelTrials(SearchSpec search) => Math.Max(1, search.ParallelTrials ?? Defaults.SearchParallelTrials);

    /// <summary>The seed of random search: spec.search.seed, else the training seed, else 42.</summary>
    public static long SeedOf(FineTuneJobSpec spec) => spec.Search?.Seed ?? spec.Hyperparameters?.Seed ?? Defaults.Seed;

    /// <summary>
    /// Trial <paramref name="trial"/>'s parameters, by name in ordinal order; tpe learns from <paramref name="finished"/>
    /// (the trials of status, see <see cref="TpeSampler.History"/>), the others ignore it.
    /// </summary>
    public static SortedDictionary<string, JsonElement> ParametersOf(FineTuneJobSpec spec, int trial, IEnumerable<TrialStatus>? finished = null)
    {
        if (spec.Search?.Algorithm == SearchAlgorithm.Tpe
            && TpeSampler.Sample(spec.Search, SeedOf(spec), trial, TpeSampler.History(finished ?? [])) is { } learned)
        {
            return learned;
        }

        return Independent(spec, trial);
    }

    /// <summary>Grid's combination k, or random's independent draws for trial k (also asha's and tpe's random start).</summary>
    private static SortedDictionary<string, JsonElement> Independent(FineTuneJobSpec spec, int trial)
    {
        var search = spec.Search ?? throw new ArgumentException("the spec has no search", nameof(spec));
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        if (IsGrid(search))
        {
            var names = search.Parameters.Keys.Order(StringComparer.Ordinal).ToList();
            var axes = GridAxes(search);
            var rest = trial;
            for (var i = names.Count - 1; i >= 0; i--)
            {
                result[names[i]] = axes[i][rest % axes[i].Count];
                rest /= axes[i].Count;
            }

            return result;
        }

        var seed = SeedOf(spec);
        foreach (var (name, parameter) in search.Parameters)
        {
            var random = StableRandom.For(seed, trial, name);
            result[name] = Draw(KindOf(name), parameter, random.NextDouble());
        }

        return result;
    }

    private static bool IsGrid(SearchSpec search) => search.Algorithm == SearchAlgorithm.Grid;

    private static ParameterKind KindOf(string name) => SearchParameterNames.Kinds.GetValueOrDefault(name, ParameterKind.Real);

    /// <summary>Each parameter's grid points, in the ordinal order of the names.</summary>
    private static List<List<JsonElement>> GridAxes(SearchSpec search) =>
        search.Parameters.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => GridPoints(KindOf(pair.Key), pair.Value)).ToList();

    private static List<JsonElement> GridPoints(ParameterKind kind, SearchParameter parameter)
    {
        if (parameter.Values is { Count: > 0 } values)
        {
            return [.. values];
        }

        var steps = parameter.Steps ?? Defaults.SearchGridSteps;
        var points = new List<JsonElement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps; i++)
        {
            var point = Number(kind, parameter, steps == 1 ? 0 : (double)i / (steps - 1));
            if (seen.Add(point.GetRawText()))
            {
                points.Add(point);
            }
        }

        return points;
    }

    private static JsonElement Draw(ParameterKind kind, SearchParameter parameter, double uniform)
    {
        if (parameter.Values is { Count: > 0 } values)
        {
            return values[Math.Min(values.Count - 1, (int)(uniform * values.Count))];
        }

        if (kind == ParameterKind.Integer && parameter.Scale != ParameterScale.Log)
        {
            // Every whole number in the range equally likely.
            var low = Math.Ceiling(parameter.Min!.Value);
            var high = Math.Floor(parameter.Max!.Value);
            return JsonSerializer.SerializeToElement((long)Math.Min(high, low + Math.Floor(uniform * (high - low + 1))), ApiJsonContext.Default.Int64);
        }

        return Number(kind, parameter, uniform);
    }

    /// <summary>The point at <paramref name="fraction"/> (0 to 1) of the range, on its scale.</summary>
    private static JsonElement Number(ParameterKind kind, SearchParameter parameter, double fraction)
    {
        var min = parameter.Min!.Value;
        var max = parameter.Max!.Value;
        var value = parameter.Scale == ParameterScale.Log
            ? Math.Exp(Math.Log(min) + (fraction * (Math.Log(max) - Math.Log(min))))
            : min + (fraction * (max - min));
        return NumberValue(kind, parameter, value);
    }

    /// <summary>A value in the range as status records it: integers rounded into the range, reals to six significant digits.</summary>
    public static JsonElement NumberValue(ParameterKind kind, SearchParameter parameter, double value)
    {
        var min = parameter.Min!.Value;
        var max = parameter.Max!.Value;
        if (kind == ParameterKind.Integer)
        {
            return JsonSerializer.SerializeToElement((long)Math.Clamp(Math.Round(value), Math.Ceiling(min), Math.Floor(max)), ApiJsonContext.Default.Int64);
        }

        return JsonSerializer.SerializeToElement(RoundSignificant(value, 6), ApiJsonContext.Default.Double);
    }

    // Six significant digits: 3.16228e-05 reads better in status than 3.1622776601683795E-05 and changes no training.
    private static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }

        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }
}
