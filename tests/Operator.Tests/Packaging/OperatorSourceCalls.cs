using System.Text.RegularExpressions;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Tests.Api;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>
/// Finds the Kubernetes API calls in src/Operator by their KubernetesClient method names
/// (client.BatchV1.CreateNamespacedJobAsync: create jobs in batch), so a new call without RBAC fails a test.
/// </summary>
internal static partial class OperatorSourceCalls
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["CoreV1"] = "",
        ["BatchV1"] = "batch",
        ["CoordinationV1"] = "coordination.k8s.io",
        ["AuthenticationV1"] = "authentication.k8s.io",
        ["CustomObjects"] = FineTuneJob.Group,
    };

    private static readonly Dictionary<string, string[]> Verbs = new(StringComparer.Ordinal)
    {
        ["Create"] = ["create"],
        ["Read"] = ["get"],
        ["Get"] = ["get"],
        ["Replace"] = ["update"],
        ["Patch"] = ["patch"],
        ["Delete"] = ["delete"],
        ["List"] = ["list", "watch"],
        ["Watch"] = ["watch"],
    };

    public static IReadOnlyList<SourceCall> Scan()
    {
        var calls = new List<SourceCall>();
        var source = Path.Combine(RepositoryRoot.Path, "src", "Operator");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in Call().Matches(text))
            {
                var location = $"{Path.GetRelativePath(RepositoryRoot.Path, file)}:{text[..match.Index].Count(c => c == '\n') + 1}";
                // A custom-object call names its group in its arguments: KServe's InferenceServices, else FineTuneJobs.
                var arguments = text.Substring(match.Index, Math.Min(400, text.Length - match.Index));
                var kserve = match.Groups["api"].Value == "CustomObjects" && arguments.Contains("InferenceServices.Group", StringComparison.Ordinal);
                var resource = (kserve ? "inferenceservices" : ResourceOf(match.Groups["api"].Value, match.Groups["kind"].Value))
                    ?? throw new InvalidOperationException($"{location}: {match.Value} calls a kind this scan does not know; add it to {nameof(OperatorSourceCalls)}");
                var group = kserve ? "serving.kserve.io" : Groups[match.Groups["api"].Value];
                calls.AddRange(Verbs[match.Groups["verb"].Value].Select(verb => new SourceCall(new Permission(group, resource, verb), location)));
            }

            // The client library's leader elector reads, creates and renews its Lease itself.
            if (text.Contains("new LeaseLock(", StringComparison.Ordinal))
            {
                var location = Path.GetRelativePath(RepositoryRoot.Path, file);
                calls.AddRange(new[] { "get", "create", "update" }.Select(verb => new SourceCall(new Permission("coordination.k8s.io", "leases", verb), location)));
            }
        }

        return calls;
    }

    private static string? ResourceOf(string api, string kind) => (api, kind) switch
    {
        ("CustomObjects", "CustomObject") => FineTuneJob.Plural,
        ("CustomObjects", "CustomObjectStatus") => FineTuneJob.Plural + "/status",
        ("CustomObjects", _) => null,
        (_, "Event") => "events",
        (_, "Job") => "jobs",
        (_, "JobStatus") => "jobs/status",
        (_, "ConfigMap") => "configmaps",
        (_, "Pod") => "pods",
        (_, "Secret") => "secrets",
        (_, "Lease") => "leases",
        (_, "TokenReview") => "tokenreviews",
        _ => null,
    };

    [GeneratedRegex(@"\.(?<api>CoreV1|BatchV1|CoordinationV1|AuthenticationV1|CustomObjects)\s*\.\s*(?<verb>Create|Read|Get|Replace|Patch|Delete|List|Watch)(Namespaced|Cluster)?(?<kind>[A-Z][A-Za-z]*?)(ForAllNamespaces)?(WithHttpMessages)?Async\b")]
    private static partial Regex Call();
}
