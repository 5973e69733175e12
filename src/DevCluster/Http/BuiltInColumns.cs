using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Http;

/// <summary>The API server's table columns for the built-in kinds kubectl users look at most (what <c>kubectl get</c> prints).</summary>
internal static class BuiltInColumns
{
    public static IReadOnlyList<TableColumn>? For(ResourceType type) => type.IsCustom ? null : type.GroupResource switch
    {
        "pods" =>
        [
            Name(),
            Computed("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.", PodColumns.Ready),
            Computed("Status", "string", "The aggregate status of the containers in this pod.", PodColumns.Status),
            Computed("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", PodColumns.Restarts),
            Age(),
            Path("IP", "string", "IP address allocated to the pod. Routable at least within the cluster.", ".status.podIP", priority: 1),
            Path("Node", "string", "Name of the Node this pod is assigned to.", ".spec.nodeName", priority: 1),
        ],
        "jobs.batch" =>
        [
            Name(),
            Computed("Status", "string", "Status of the job.", JobColumns.Status),
            Computed("Completions", "string", "The desired number of successfully finished pods the job should be run with.", JobColumns.Completions),
            Computed("Duration", "string", "Time required to complete the job.", JobColumns.Duration),
            Age(),
            Computed("Containers", "string", "Names of each container in the template.", JobColumns.Containers, priority: 1),
            Computed("Images", "string", "Images referenced by each container in the template.", JobColumns.Images, priority: 1),
            Computed("Selector", "string", "Query over pods that should match the replicas count.", JobColumns.Selector, priority: 1),
        ],
        "configmaps" =>
        [
            Name(),
            Computed("Data", "integer", "Number of keys in the ConfigMap.", (obj, _) => Count(obj["data"]) + Count(obj["binaryData"])),
            Age(),
        ],
        "secrets" =>
        [
            Name(),
            Computed("Type", "string", "The type of the secret", (obj, _) => obj["type"]?.ToString() ?? ""),
            Computed("Data", "string", "The number of data items in the secret", (obj, _) => Count(obj["data"]) + Count(obj["stringData"])),
            Age(),
        ],
        "namespaces" =>
        [
            Name(),
            Path("Status", "string", "The status of the namespace", ".status.phase"),
            Age(),
        ],
        "leases.coordination.k8s.io" =>
        [
            Name(),
            Path("Holder", "string", "The holder of the lease", ".spec.holderIdentity"),
            Age(),
        ],
        "events" or "events.events.k8s.io" => EventColumns.All(),
        _ => null,
    };

    public static TableColumn Name(int priority = 0) =>
        new("Name", "string", "name", "Name must be unique within a namespace.", priority, ".metadata.name");

    public static TableColumn Age() =>
        new("Age", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp");

    public static TableColumn Computed(string name, string type, string description, Func<JsonObject, DateTimeOffset, JsonNode?> value, int priority = 0) =>
        new(name, type, "", description, priority, "") { Value = value };

    private static TableColumn Path(string name, string type, string description, string jsonPath, int priority = 0) =>
        new(name, type, "", description, priority, jsonPath);

    private static int Count(JsonNode? map) => map is JsonObject obj ? obj.Count : 0;
}
