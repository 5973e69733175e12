using System.Text.Json.Nodes;
using KubeTune.Contracts;

namespace KubeTune.Operator.Tests.Api;

/// <summary>Reads the CRD and the samples from the repository the tests run in.</summary>
internal static class RepositoryFiles
{
    public const string CrdPath = "config/crds/kubetune.io_finetunejobs.yaml";

    private static readonly Lazy<JsonObject> LazyCrd = new(() => LoadManifest(CrdPath));

    public static JsonObject Crd => (JsonObject)LazyCrd.Value.DeepClone();

    /// <summary>A fresh copy of the v1alpha1 openAPIV3Schema.</summary>
    public static JsonObject Schema => (JsonObject)Crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    public static IEnumerable<string> SamplePaths =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "config", "samples"), "*.yaml")
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static JsonObject LoadManifest(string relativePath) =>
        Assert.IsType<JsonObject>(YamlJson.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath)), relativePath));
}
