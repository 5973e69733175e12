using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.Contracts;

namespace KubeTune.DevCluster.Tests.Support;

/// <summary>The test CRD (widgets.test.kubetune.io) and helpers to create objects through the client.</summary>
public static class TestResources
{
    public const string WidgetGroup = "test.kubetune.io";
    public const string WidgetVersion = "v1";
    public const string WidgetPlural = "widgets";

    public static string WidgetCrdPath => Path.Combine(AppContext.BaseDirectory, "TestData", "widgets.test.kubetune.io.yaml");

    public static string FineTuneJobCrdPath => Path.Combine(RepositoryRoot.Path, "config", "crds", "kubetune.io_finetunejobs.yaml");

    public static JsonObject WidgetCrd() => YamlJson.Parse(File.ReadAllText(WidgetCrdPath), WidgetCrdPath)!.AsObject();

    /// <summary>Registers the widget CRD in the cluster (idempotent).</summary>
    public static void EnsureWidgetCrd(DevClusterHost host)
    {
        if (host.Store.TryGet(GroupVersionResource.CustomResourceDefinitions, null, "widgets.test.kubetune.io") is null)
        {
            host.Store.Create(GroupVersionResource.CustomResourceDefinitions, null, WidgetCrd());
        }
    }

    public static JsonObject Widget(string name, int size, string ns = "default") => new()
    {
        ["apiVersion"] = $"{WidgetGroup}/{WidgetVersion}",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    public static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = "value" },
    };

    /// <summary>Converts whatever the generic client returned (a JsonElement) into a JsonObject.</summary>
    public static JsonObject ToJsonObject(object value) =>
        JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();
}
