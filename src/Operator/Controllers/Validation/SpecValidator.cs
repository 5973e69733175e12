using System.Text.RegularExpressions;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Validation;

/// <summary>
/// Checks what the CRD schema cannot: URI schemes and shapes, PVC claim names, and the GPU count against the
/// largest node. Every problem names its field; an empty result means the children can be built.
/// </summary>
public static partial class SpecValidator
{
    private static readonly string[] InputSchemes = [StorageUri.Pvc, StorageUri.File, StorageUri.HuggingFace, StorageUri.Https];
    private static readonly string[] OutputSchemes = [StorageUri.Pvc, StorageUri.File];

    /// <param name="maxGpusPerNode">The most GPUs one node offers; 0 leaves the count unchecked.</param>
    public static IReadOnlyList<SpecProblem> Validate(FineTuneJobSpec spec, int maxGpusPerNode)
    {
        var problems = new List<SpecProblem>();
        CheckUri(problems, "spec.model.uri", spec.Model?.Uri, InputSchemes);
        CheckUri(problems, "spec.dataset.uri", spec.Dataset?.Uri, InputSchemes);
        if (!string.IsNullOrEmpty(spec.Dataset?.ValidationUri))
        {
            CheckUri(problems, "spec.dataset.validationUri", spec.Dataset.ValidationUri, InputSchemes);
        }

        CheckUri(problems, "spec.output.uri", spec.Output?.Uri, OutputSchemes);
        var gpus = spec.Resources?.Gpus ?? 0;
        if (gpus < 0)
        {
            problems.Add(new SpecProblem("spec.resources.gpus", $"must not be negative, was {gpus}"));
        }
        else if (maxGpusPerNode > 0 && gpus > maxGpusPerNode)
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
    public static string Describe(IReadOnlyList<SpecProblem> problems) => string.Join("; ", problems);

    private static void CheckUri(List<SpecProblem> problems, string field, string? uri, string[] schemes)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            problems.Add(new SpecProblem(field, "is required"));
            return;
        }

        var allowed = string.Join(", ", schemes.Select(scheme => scheme + "://"));
        var scheme = StorageUri.SchemeOf(uri);
        if (scheme is null || !schemes.Contains(scheme))
        {
            problems.Add(new SpecProblem(field, $"'{uri}' has {(scheme is null ? "no scheme" : $"the unsupported scheme {scheme}://")}; use {allowed}"));
            return;
        }

        var parsed = StorageUri.Parse(uri);
        var problem = scheme switch
        {
            StorageUri.Pvc => PvcProblem(parsed),
            StorageUri.File => parsed.Path.Length <= 1 ? "file:// needs an absolute path such as file:///models/bert" : null,
            StorageUri.HuggingFace => HuggingFaceRepo().IsMatch(parsed.Path) ? null : "hf:// needs a repository such as hf://ORG/NAME or hf://ORG/NAME@REVISION",
            _ => Uri.TryCreate(uri, UriKind.Absolute, out var https) && https.Host.Length > 0 ? null : "is not a valid https:// URL",
        };
        if (problem is null && parsed.Path.Split('/').Contains(".."))
        {
            problem = "must not contain '..' path segments";
        }

        if (problem is not null)
        {
            problems.Add(new SpecProblem(field, $"'{uri}' {problem}"));
        }
    }

    private static string? PvcProblem(StorageUri uri)
    {
        if (uri.Claim.Length == 0)
        {
            return "needs a claim name: pvc://CLAIM/PATH";
        }

        return uri.Claim.Length <= 63 && Dns1123Label().IsMatch(uri.Claim)
            ? null
            : $"names the claim '{uri.Claim}', which is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?(@[A-Za-z0-9._/-]+)?$")]
    private static partial Regex HuggingFaceRepo();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex ExtendedResourceName();
}
