using System.Collections;
using System.Globalization;

namespace KubeTune.Contracts;

/// <summary>
/// Checks a training spec against the contract: required fields, the <see cref="BoundsAttribute"/> and
/// <see cref="OneOfAttribute"/> of every field, the rules across fields (the CRD's CEL rules), the storage URIs and where
/// the output may go (<see cref="OutputPlacement"/>).
/// The trainer runs it on every config; the operator on every spec, for what the API server did not check.
/// </summary>
public static class TrainingSpecValidator
{
    private static readonly StorageScheme[] OutputSchemes = [StorageScheme.Pvc, StorageScheme.File];

    /// <summary>Every problem, each naming its field below <paramref name="prefix"/>; empty when the spec can run.</summary>
    public static IReadOnlyList<SpecProblem> Validate(TrainingSpec spec, string prefix = "spec")
    {
        var problems = new List<SpecProblem>();
        CheckObject(spec, prefix, problems);
        CheckRules(spec, prefix, problems);
        CheckLocations(spec, prefix, problems);
        return problems;
    }

    /// <summary>One line for a condition message or an error.</summary>
    public static string Describe(IEnumerable<SpecProblem> problems) => string.Join("; ", problems);

    private static void CheckObject(IContractObject value, string path, List<SpecProblem> problems)
    {
        foreach (var property in ContractField.Of(value.GetType()))
        {
            var field = path + "." + property.Name;
            var child = property.Property.GetValue(value);
            if (child is null || (child is string { Length: 0 } && property.Required))
            {
                if (property.Required)
                {
                    problems.Add(new SpecProblem(field, "is required"));
                }

                continue;
            }

            CheckValue(property, child, field, problems);
        }
    }

    private static void CheckValue(ContractField property, object value, string field, List<SpecProblem> problems)
    {
        if (property.Bounds is { } bounds
            && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number
            && bounds.Problem(number) is { } outOfRange)
        {
            problems.Add(new SpecProblem(field, outOfRange));
        }

        if (property.OneOf is { } oneOf && value is string text && !oneOf.Values.Contains(text, StringComparer.Ordinal))
        {
            problems.Add(new SpecProblem(field, $"must be one of {string.Join(", ", oneOf.Values)}, got '{text}'"));
        }

        if (value is IDictionary dictionary && !IsScalarDictionary(property.Property.PropertyType))
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Value is IContractObject item)
                {
                    CheckObject(item, $"{field}.{entry.Key}", problems);
                }
            }
        }
        // Only KubeTune's own sections are walked; Kubernetes' types (tolerations, affinity) are the API server's to check.
        else if (value is IContractObject contract)
        {
            CheckObject(contract, field, problems);
        }
    }

    private static bool IsScalarDictionary(Type type) => type.IsGenericType && type.GetGenericArguments().Last() == typeof(string);

    private static void CheckRules(TrainingSpec spec, string prefix, List<SpecProblem> problems)
    {
        if (spec.Hyperparameters is { Epochs: not null, MaxSteps: not null })
        {
            problems.Add(new SpecProblem($"{prefix}.hyperparameters.maxSteps", "and epochs are both set; set at most one (with neither, one epoch is trained)"));
        }

        if (spec.Dataset is { ValidationUri.Length: > 0, ValidationSplit: not null })
        {
            problems.Add(new SpecProblem($"{prefix}.dataset.validationSplit", "and validationUri are both set; set at most one"));
        }

        var method = spec.Method?.Type ?? Defaults.Method;
        if (spec.Method?.Lora is not null && method != FineTuneMethod.Lora)
        {
            problems.Add(new SpecProblem($"{prefix}.method.lora", "may only be set when method.type is lora"));
        }

        if (spec.Output.Format == OutputFormat.PeftAdapter && method != FineTuneMethod.Lora)
        {
            problems.Add(new SpecProblem($"{prefix}.output.format", "peft-adapter requires method.type lora"));
        }

        if (method == FineTuneMethod.Head && !FineTuneTask.IsClassification(spec.Task))
        {
            problems.Add(new SpecProblem($"{prefix}.method.type", "head needs a classification task (text-classification or image-classification)"));
        }

        if (spec.Search is { ParallelTrials: { } parallel, MaxTrials: { } max } && parallel > max)
        {
            problems.Add(new SpecProblem($"{prefix}.search.parallelTrials", $"may not exceed maxTrials ({max}), got {parallel}"));
        }
    }

    private static void CheckLocations(TrainingSpec spec, string prefix, List<SpecProblem> problems)
    {
        var inputs = new List<(string Field, StorageUri Location)>();
        foreach (var (text, field) in new[] { (spec.Model.Uri, "model.uri"), (spec.Dataset.Uri, "dataset.uri"), (spec.Dataset.ValidationUri, "dataset.validationUri") })
        {
            if (CheckLocation(text, $"{prefix}.{field}", null, problems) is { } input)
            {
                inputs.Add(($"{prefix}.{field}", input));
            }
        }

        var outputField = $"{prefix}.output.uri";
        if (CheckLocation(spec.Output.Uri, outputField, OutputSchemes, problems) is { } output)
        {
            problems.AddRange(OutputPlacement.Problems(output, outputField, inputs));
        }
    }

    /// <summary>The parsed location, or null (with its problem added) when it is missing, malformed or of a scheme not <paramref name="allowed"/>.</summary>
    private static StorageUri? CheckLocation(string? text, string field, IReadOnlyCollection<StorageScheme>? allowed, List<SpecProblem> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!StorageUri.TryParse(text, out var uri, out var problem))
        {
            problems.Add(new SpecProblem(field, $"'{text}' {problem}"));
            return null;
        }

        if (allowed is not null && StorageUri.SchemeProblem(uri, allowed) is { } schemeProblem)
        {
            problems.Add(new SpecProblem(field, schemeProblem));
            return null;
        }

        return uri;
    }
}
