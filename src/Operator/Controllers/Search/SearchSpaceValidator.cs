using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Checks spec.search beyond the CRD's rules (which a cluster without CEL does not enforce): known parameter names,
/// ranges with min &lt; max, non-empty values of the right kind, LoRA parameters only with method lora.
/// </summary>
public static class SearchSpaceValidator
{
    public const int MaxGridSteps = 100;

    public static IReadOnlyList<SpecProblem> Validate(FineTuneJobSpec spec)
    {
        var problems = new List<SpecProblem>();
        if (spec.Search is not { } search)
        {
            return problems;
        }

        if (search.Algorithm is { } algorithm && !SearchAlgorithm.All.Contains(algorithm))
        {
            problems.Add(new SpecProblem("spec.search.algorithm", $"'{algorithm}' is not one of {string.Join(", ", SearchAlgorithm.All)}"));
        }

        if (search.MaxTrials is < 1)
        {
            problems.Add(new SpecProblem("spec.search.maxTrials", $"must be at least 1, was {search.MaxTrials}"));
        }

        if (search.ParallelTrials is < 1)
        {
            problems.Add(new SpecProblem("spec.search.parallelTrials", $"must be at least 1, was {search.ParallelTrials}"));
        }

        if (!MetricName.All.Contains(search.Objective?.Metric ?? string.Empty))
        {
            problems.Add(new SpecProblem("spec.search.objective.metric", $"'{search.Objective?.Metric}' is not one of {string.Join(", ", MetricName.All)}"));
        }

        if (search.Objective?.Goal is { } goal && !ObjectiveGoal.All.Contains(goal))
        {
            problems.Add(new SpecProblem("spec.search.objective.goal", $"'{goal}' is not one of {string.Join(", ", ObjectiveGoal.All)}"));
        }

        if (search.Parameters is not { Count: > 0 })
        {
            problems.Add(new SpecProblem("spec.search.parameters", "must name at least one hyperparameter"));
            return problems;
        }

        var lora = spec.Method?.Type == FineTuneMethod.Lora;
        foreach (var (name, parameter) in search.Parameters)
        {
            var field = $"spec.search.parameters.{name}";
            if (!SearchParameterNames.Kinds.TryGetValue(name, out var kind))
            {
                problems.Add(new SpecProblem(field, $"unknown parameter; searchable: {string.Join(", ", SearchParameterNames.Kinds.Keys)}"));
                continue;
            }

            if (SearchParameterNames.IsLora(name) && !lora)
            {
                problems.Add(new SpecProblem(field, "searches a LoRA setting but method.type is not lora"));
            }

            CheckParameter(problems, field, name, kind, parameter, search.Algorithm ?? Defaults.SearchAlgorithm);
        }

        return problems;
    }

    private static void CheckParameter(List<SpecProblem> problems, string field, string name, ParameterKind kind, SearchParameter parameter, string algorithm)
    {
        var hasRange = parameter.Min is not null || parameter.Max is not null;
        if (parameter.Values is { } values)
        {
            if (hasRange)
            {
                problems.Add(new SpecProblem(field, "set either values, or min and max, not both"));
            }

            if (values.Count == 0)
            {
                problems.Add(new SpecProblem(field + ".values", "must list at least one value"));
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (ValueProblem(name, kind, values[i]) is { } problem)
                {
                    problems.Add(new SpecProblem($"{field}.values[{i}]", problem));
                }
            }

            return;
        }

        if (kind == ParameterKind.Text)
        {
            problems.Add(new SpecProblem(field + ".values", $"{name} takes values only: {string.Join(", ", SearchParameterNames.TextChoices(name))}"));
            return;
        }

        if (parameter.Min is not { } min || parameter.Max is not { } max)
        {
            problems.Add(new SpecProblem(field, "set either values, or min and max"));
            return;
        }

        if (!double.IsFinite(min) || !double.IsFinite(max) || min >= max)
        {
            problems.Add(new SpecProblem(field + ".min", $"must be less than max (min {min}, max {max})"));
        }

        if (parameter.Scale is { } scale && !ParameterScale.All.Contains(scale))
        {
            problems.Add(new SpecProblem(field + ".scale", $"'{scale}' is not one of {string.Join(", ", ParameterScale.All)}"));
        }

        if (parameter.Scale == ParameterScale.Log && min <= 0)
        {
            problems.Add(new SpecProblem(field + ".scale", $"a log scale needs min greater than 0, was {min}"));
        }

        if (kind == ParameterKind.Integer && (min < 1 || Math.Floor(max) < Math.Ceiling(min)))
        {
            problems.Add(new SpecProblem(field + ".min", $"{name} is a whole number of at least 1; the range [{min}, {max}] holds none"));
        }

        if (algorithm == SearchAlgorithm.Grid && parameter.Steps is { } steps && (steps < 2 || steps > MaxGridSteps))
        {
            problems.Add(new SpecProblem(field + ".steps", $"must be between 2 and {MaxGridSteps}, was {steps}"));
        }
    }

    private static string? ValueProblem(string name, ParameterKind kind, JsonElement value)
    {
        if (kind == ParameterKind.Text)
        {
            var choices = SearchParameterNames.TextChoices(name);
            return value.ValueKind == JsonValueKind.String && choices.Contains(value.GetString())
                ? null
                : $"{value.GetRawText()} is not one of {string.Join(", ", choices)}";
        }

        if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
        {
            return $"{value.GetRawText()} is not a number";
        }

        var number = value.GetDouble();
        if (kind == ParameterKind.Integer && (number < 1 || number != Math.Floor(number)))
        {
            return $"{name} is a whole number of at least 1, was {value.GetRawText()}";
        }

        return number < 0 ? $"{name} must not be negative, was {value.GetRawText()}" : null;
    }
}
