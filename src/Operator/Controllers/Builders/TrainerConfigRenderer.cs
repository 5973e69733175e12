using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>
/// Renders the trainer's job.json from a FineTuneJob: the spec's training settings as they are, plus each
/// location resolved to its path inside the pod (see <see cref="WorkspaceLayout"/>).
/// </summary>
public static class TrainerConfigRenderer
{
    public const string ConfigKind = "TrainerConfig";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static string Render(FineTuneJob job, WorkspaceLayout layout)
    {
        var spec = job.Spec;
        var dataset = new JsonObject
        {
            ["uri"] = spec.Dataset.Uri,
            ["path"] = layout.DatasetPath,
            ["validationUri"] = spec.Dataset.ValidationUri,
            ["validationPath"] = layout.ValidationPath,
            ["validationSplit"] = spec.Dataset.ValidationSplit,
            ["fields"] = Node(spec.Dataset.Fields),
            ["skipInvalid"] = spec.Dataset.SkipInvalid,
        };

        var config = new JsonObject
        {
            ["apiVersion"] = FineTuneJob.GroupVersion,
            ["kind"] = ConfigKind,
            ["job"] = new JsonObject { ["namespace"] = job.Metadata.NamespaceProperty, ["name"] = job.Metadata.Name },
            ["task"] = spec.Task,
            ["model"] = new JsonObject { ["uri"] = spec.Model.Uri, ["path"] = layout.ModelPath },
            ["dataset"] = WithoutNulls(dataset),
            ["method"] = Node(spec.Method) ?? new JsonObject { ["type"] = FineTuneMethod.Full },
            ["hyperparameters"] = Node(spec.Hyperparameters) ?? new JsonObject(),
            ["earlyStopping"] = Node(spec.EarlyStopping),
            ["checkpoint"] = Merge(Node(spec.Checkpoint), "path", layout.CheckpointsPath),
            ["output"] = Merge(Node(spec.Output), "path", layout.OutputPath),
            ["search"] = Node(spec.Search),
        };

        return WithoutNulls(config).ToJsonString(Json);
    }

    private static JsonNode? Node<T>(T? value)
        where T : class => value is null ? null : JsonSerializer.SerializeToNode(value, Json);

    private static JsonObject Merge(JsonNode? node, string key, string value)
    {
        var result = node as JsonObject ?? new JsonObject();
        result[key] = value;
        return result;
    }

    private static JsonObject WithoutNulls(JsonObject node)
    {
        foreach (var key in node.Where(entry => entry.Value is null).Select(entry => entry.Key).ToList())
        {
            node.Remove(key);
        }

        return node;
    }
}
