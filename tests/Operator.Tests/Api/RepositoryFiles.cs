using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace KubeTune.Operator.Tests.Api;

/// <summary>Reads the CRD and the samples from the repository the tests run in.</summary>
internal static class RepositoryFiles
{
    public const string CrdPath = "config/crds/kubetune.io_finetunejobs.yaml";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<JsonObject> LazyCrd = new(() => LoadManifest(CrdPath));

    /// <summary>The folder holding Operator.sln, found by walking up from the test binaries.</summary>
    public static string Root => LazyRoot.Value;

    public static JsonObject Crd => (JsonObject)LazyCrd.Value.DeepClone();

    /// <summary>A fresh copy of the v1alpha1 openAPIV3Schema.</summary>
    public static JsonObject Schema => (JsonObject)Crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    public static IEnumerable<string> SamplePaths =>
        Directory.GetFiles(Path.Combine(Root, "config", "samples"), "*.yaml")
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static JsonObject LoadManifest(string relativePath)
    {
        var documents = YamlJson.Parse(File.ReadAllText(Path.Combine(Root, relativePath)), relativePath);
        return Assert.IsType<JsonObject>(Assert.Single(documents));
    }

    private static string FindRoot()
    {
        // Builds with a private --artifacts-path put the binaries outside the repository; the source path still leads home.
        string[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(SourceFile()) ?? ""];
        foreach (var start in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException($"Operator.sln not found above any of: {string.Join(", ", starts)}");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
