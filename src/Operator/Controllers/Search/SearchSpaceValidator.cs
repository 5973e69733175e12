using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Checks spec.search beyond the CRD's rules (which a cluster without CEL does not enforce): known parameter names,
/// ranges with min &lt; max, non-empty values of the right kind, LoRA parameters only with method lora, each
/// algorithm's settings only with it, and asha's rungs (minSteps below hyperparameters.maxSteps, no epochs, no earlyStopping).
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

        CheckAlgorithmSettings(problems, spec, search);
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

    /// <summary>asha's minSteps and reductionFactor, tpe's startupTrials: only with their algorithm; asha's rungs need maxSteps.</summary>
    private static void CheckAlgorithmSettings(List<SpecProblem> problems, FineTuneJobSpec spec, SearchSpec search)
    {
        var asha = search.Algorithm == SearchAlgorithm.Asha;
        if (!asha && search.MinSteps is not null)
        {
            problems.Add(new SpecProblem("spec.search.minSteps", "is an asha setting; set algorithm: asha or remove it"));
        }

        if (!asha && search.ReductionFactor is not null)
        {
            problems.Add(new SpecProblem("spec.search.reductionFactor", "is an asha setting; set algorithm: asha or remove it"));
        }

        if (search.Algorithm != SearchAlgorithm.Tpe && search.StartupTrials is not null)
        {
            problems.Add(new SpecProblem("spec.search.startupTrials", "is a tpe setting; set algorithm: tpe or remove it"));
        }

        if (!asha)
        {
            return;
        }

        if (search.MinSteps is not { } minSteps)
        {
            problems.Add(new SpecProblem("spec.search.minSteps", "asha needs the steps of its first rung"));
        }
        else if (spec.Hyperparameters?.MaxSteps is not { } maxSteps)
        {
            problems.Add(new SpecProblem("spec.hyperparameters.maxSteps", "asha needs it: the rungs grow from search.minSteps up to maxSteps, a trial's full length"));
        }
        else if (minSteps >= maxSteps)
        {
            problems.Add(new SpecProblem("spec.search.minSteps", $"must be less than hyperparameters.maxSteps ({maxSteps}), was {minSteps}"));
        }

        if (search.ReductionFactor is < 2)
        {
            problems.Add(new SpecProblem("spec.search.reductionFactor", $"must be at least 2, was {search.ReductionFactor}"));
        }

        if (search.Parameters?.ContainsKey(SearchParameterNames.Epochs) == true)
        {
            problems.Add(new SpecProblem("spec.search.parameters.epochs", "asha sets each trial's length in steps (maxSteps); search epochs with grid, random or tpe"));
        }

        if (spec.EarlyStopping is not null)
        {
            problems.Add(new SpecProblem("spec.earlyStopping", "asha stops trials itself at the end of each rung; remove earlyStopping"));
        }
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
