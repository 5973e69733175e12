using System.Globalization;
using System.Text.Json;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// The FineTuneJob one trial trains: a copy of the search job (same name, uid and labels, so owner references, the
/// progress URL and the token audience stay the parent's) with the trial's parameters applied, no search, and the
/// output moved to the trial's own directory.
/// </summary>
public static class TrialSpec
{
    public static FineTuneJob For(FineTuneJob job, int trial, IReadOnlyDictionary<string, JsonElement> parameters)
    {
        var copy = KubernetesJson.Deserialize<FineTuneJob>(KubernetesJson.Serialize(job));
        copy.Status = null;
        copy.Spec.Search = null;
        copy.Spec.Output.Uri = TrialNames.OutputUri(job.Spec.Output.Uri, trial);
        Apply(copy.Spec, parameters);
        return copy;
    }

    /// <summary>Sets each named hyperparameter on <paramref name="spec"/>; names are those of <see cref="SearchParameterNames"/>.</summary>
    public static void Apply(FineTuneJobSpec spec, IReadOnlyDictionary<string, JsonElement> parameters)
    {
        var hyperparameters = spec.Hyperparameters ??= new Hyperparameters();
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case SearchParameterNames.LearningRate: hyperparameters.LearningRate = value.GetDouble(); break;
                case SearchParameterNames.BatchSize: hyperparameters.BatchSize = Whole(value); break;
                case SearchParameterNames.GradientAccumulationSteps: hyperparameters.GradientAccumulationSteps = Whole(value); break;
                case SearchParameterNames.Epochs:
                    hyperparameters.Epochs = Whole(value);
                    hyperparameters.MaxSteps = null;
                    break;
                case SearchParameterNames.WarmupRatio: hyperparameters.WarmupRatio = value.GetDouble(); break;
                case SearchParameterNames.WeightDecay: hyperparameters.WeightDecay = value.GetDouble(); break;
                case SearchParameterNames.MaxGradNorm: hyperparameters.MaxGradNorm = value.GetDouble(); break;
                case SearchParameterNames.Scheduler: hyperparameters.Scheduler = value.GetString(); break;
                case SearchParameterNames.LoraR: Lora(spec).R = Whole(value); break;
                case SearchParameterNames.LoraAlpha: Lora(spec).Alpha = value.GetDouble(); break;
                case SearchParameterNames.LoraDropout: Lora(spec).Dropout = value.GetDouble(); break;
                default: throw new ArgumentException($"spec.search.parameters.{name}: unknown parameter", nameof(parameters));
            }
        }
    }

    /// <summary>The parameters in one line, "batchSize=8 learningRate=0.0001", for tables and messages.</summary>
    public static string Describe(IEnumerable<KeyValuePair<string, JsonElement>>? parameters) =>
        parameters is null ? string.Empty : string.Join(' ', parameters.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={Text(pair.Value)}"));

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetDouble().ToString("G6", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    private static int Whole(JsonElement value) => (int)Math.Round(value.GetDouble());

    private static LoraSpec Lora(FineTuneJobSpec spec)
    {
        var method = spec.Method ??= new MethodSpec { Type = FineTuneMethod.Lora };
        return method.Lora ??= new LoraSpec();
    }
}
