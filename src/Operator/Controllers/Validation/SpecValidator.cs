using System.Text.RegularExpressions;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Validation;

/// <summary>
/// Checks what the CRD schema cannot, or what a spec stored before a schema change may lack: the contract's own
/// validation of the training sections (<see cref="TrainingSpecValidator"/>: ranges, enums, cross-field rules, storage
/// URIs), then the GPU request against the largest node. Every problem names its field; empty means the children can be built.
/// </summary>
public static partial class SpecValidator
{
    /// <param name="maxGpusPerNode">The most GPUs one node offers; 0 leaves the count unchecked.</param>
    public static IReadOnlyList<SpecProblem> Validate(FineTuneJobSpec spec, int maxGpusPerNode)
    {
        var problems = TrainingSpecValidator.Validate(spec).ToList();
        var gpus = spec.Resources?.Gpus ?? 0;
        if (maxGpusPerNode > 0 && gpus > maxGpusPerNode)
        {
            problems.Add(new SpecProblem("spec.resources.gpus", $"asks for {gpus} GPUs but no node offers more than {maxGpusPerNode}"));
        }

        if (spec.Resources?.GpuResourceName is { Length: > 0 } resourceName && !ExtendedResourceName().IsMatch(resourceName))
        {
            problems.Add(new SpecProblem("spec.resources.gpuResourceName", $"'{resourceName}' is not an extended resource name such as nvidia.com/gpu"));
        }

        return problems;
    }

    /// <summary>One line for the Accepted condition's message.</summary>
    public static string Describe(IReadOnlyList<SpecProblem> problems) => TrainingSpecValidator.Describe(problems);

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex ExtendedResourceName();
}
