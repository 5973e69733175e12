using System.Text.RegularExpressions;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Validation;

/// <summary>
/// Checks what the CRD schema cannot, or what a spec stored before a schema change may lack: the contract's own
/// validation of the training sections (<see cref="TrainingSpecValidator"/>: ranges, enums, cross-field rules, storage
/// URIs, where the output may go), then what only holds in a cluster (a file:// output is gone with its pod) and the GPU
/// request against the largest node. Every problem names its field; empty means the children can be built.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>The trainer trains on one device; more GPUs would sit idle until data-parallel training exists.</summary>
    public const int MaxGpusPerJob = 1;

    /// <param name="maxGpusPerNode">The most GPUs one node offers; 0 leaves the count unchecked.</param>
    /// <param name="hostFileOutputs">Trainer pods write to this host's filesystem (local mode): file:// outputs are kept.</param>
    public static IReadOnlyList<SpecProblem> Validate(FineTuneJobSpec spec, int maxGpusPerNode, bool hostFileOutputs = false)
    {
        var problems = TrainingSpecValidator.Validate(spec).ToList();
        if (!hostFileOutputs && problems.All(problem => problem.Field != OutputField)
            && StorageUri.TryParse(spec.Output.Uri ?? string.Empty, out var output, out _) && output.IsFile)
        {
            problems.Add(new SpecProblem(OutputField, PodFileOutputProblem(output)));
        }

        var gpus = spec.Resources?.Gpus ?? 0;
        if (gpus > MaxGpusPerJob)
        {
            problems.Add(new SpecProblem("spec.resources.gpus", $"asks for {gpus} GPUs but the trainer uses one device: data-parallel training is not supported yet; set gpus to 1 (or 0 for CPU)"));
        }
        else if (maxGpusPerNode > 0 && gpus > maxGpusPerNode)
        {
            problems.Add(new SpecProblem("spec.resources.gpus", $"asks for {gpus} GPUs but no node offers more than {maxGpusPerNode}"));
        }

        if (spec.Resources?.GpuResourceName is { Length: > 0 } resourceName && !ExtendedResourceName().IsMatch(resourceName))
        {
            problems.Add(new SpecProblem("spec.resources.gpuResourceName", $"'{resourceName}' is not an extended resource name such as nvidia.com/gpu"));
        }

        problems.AddRange(ReservedEnvironment(spec));
        return problems;
    }

    private const string OutputField = "spec.output.uri";

    private static string PodFileOutputProblem(StorageUri output)
    {
        var temporary = output.Path == TrainerPaths.Tmp || output.Path.StartsWith(TrainerPaths.Tmp + "/", StringComparison.Ordinal)
            ? $" ({TrainerPaths.Tmp} is an emptyDir)"
            : string.Empty;
        return $"'{output.Original}' is a path in the trainer pod's filesystem, which is gone with the pod{temporary}; write the output to a PersistentVolumeClaim: pvc://CLAIM/PATH";
    }

    /// <summary>spec.env may not set what the operator sets itself (the progress URL, the token file, HOME).</summary>
    private static IEnumerable<SpecProblem> ReservedEnvironment(FineTuneJobSpec spec)
    {
        var variables = spec.Env ?? [];
        for (var i = 0; i < variables.Count; i++)
        {
            if (TrainerJobBuilder.ReservedEnvironmentNames.Contains(variables[i].Name, StringComparer.Ordinal))
            {
                yield return new SpecProblem($"spec.env[{i}].name", $"'{variables[i].Name}' is set by the operator and may not be overridden (reserved: {string.Join(", ", TrainerJobBuilder.ReservedEnvironmentNames)})");
            }
        }
    }

    /// <summary>One line for the Accepted condition's message.</summary>
    public static string Describe(IReadOnlyList<SpecProblem> problems) => TrainingSpecValidator.Describe(problems);

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex ExtendedResourceName();
}
