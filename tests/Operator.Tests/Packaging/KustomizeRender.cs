using System.Text.Json.Nodes;
using KubeTune.Contracts;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>The install `kubectl apply -k config/default` makes, rendered once per test run with the real kubectl.</summary>
internal static class KustomizeRender
{
    public const string Overlay = "config/default";

    private static readonly Lazy<Task<string>> LazyYaml = new(async () => (await Kubectl.RunAsync("kustomize", Overlay)).ShouldSucceed().Stdout);

    public static Task<string> YamlAsync() => LazyYaml.Value;

    public static async Task<IReadOnlyList<JsonObject>> ObjectsAsync() =>
        YamlJson.ParseDocuments(await YamlAsync(), $"kubectl kustomize {Overlay}").Select(document => document.Json).OfType<JsonObject>().ToList();

    public static async Task<JsonObject> SingleAsync(string kind) =>
        Assert.Single(await ObjectsAsync(), item => item["kind"]?.GetValue<string>() == kind);
}
