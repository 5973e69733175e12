using System.Text.Json.Nodes;
using KubeTune.Contracts;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>The Helm chart's files, read as text or YAML (no helm binary in CI).</summary>
internal static class ChartFiles
{
    public const string ChartDirectory = "charts/kubetune";

    public static string PathOf(string relative) => Path.Combine(RepositoryRoot.Path, ChartDirectory, relative);

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    public static JsonObject Yaml(string relative) =>
        Assert.IsType<JsonObject>(YamlJson.Parse(Text(relative), $"{ChartDirectory}/{relative}"));

    public static JsonObject Values => Yaml("values.yaml");

    /// <summary>Every template file (manifests, helpers and NOTES.txt) by its path relative to the chart.</summary>
    public static IReadOnlyList<string> Templates =>
        Directory.GetFiles(PathOf("templates"))
            .Select(path => Path.GetRelativePath(PathOf(""), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The image the chart gives the operator for a repository and tag; an empty tag means appVersion.</summary>
    public static string ImageOf(JsonNode image) =>
        $"{image["repository"]!.GetValue<string>()}:{(image["tag"]!.GetValue<string>() is { Length: > 0 } tag ? tag : Yaml("Chart.yaml")["appVersion"]!.GetValue<string>())}";
}
