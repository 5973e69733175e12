using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Pods;

/// <summary>Waits, with a deadline, until the objects of a kind in a namespace satisfy a probe: re-checked on every watch event, never by sleeping.</summary>
internal static class ClusterWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<T> UntilAsync<T>(ClusterStore store, GroupVersionResource resource, string ns, Func<IReadOnlyList<JsonObject>, T?> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        using var watch = store.Watch(resource, ns, new WatchRequest(store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            var items = store.List(resource, ns).Items;
            if (probe(items) is { } found)
            {
                return found;
            }

            try
            {
                await watch.Events.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var state = string.Join("\n", store.List(resource, ns).Items.Select(item => item.ToJsonString()));
                throw new TimeoutException($"timed out waiting for {what}; {resource} in {ns}:\n{state}");
            }
        }
    }

    /// <summary>Waits until the named object exists and satisfies <paramref name="condition"/>; returns it.</summary>
    public static Task<JsonObject> ForAsync(ClusterStore store, GroupVersionResource resource, string ns, string name, Func<JsonObject, bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(store, resource, ns, items => items.FirstOrDefault(item => ObjectMetadata.Name(item) == name && condition(item)), $"{name}: {what}", timeout);

    public static string? Text(this JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    public static string? Phase(this JsonObject pod) => pod["status"]?["phase"].Text();

    public static JsonObject? ContainerState(this JsonObject pod, string state) => pod["status"]?["containerStatuses"]?[0]?["state"]?[state] as JsonObject;

    public static JsonObject? Condition(this JsonObject obj, string type) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(condition => condition["type"].Text() == type);

    public static bool HasCondition(this JsonObject obj, string type, string status = "True") => obj.Condition(type)?["status"].Text() == status;

    public static long Count(this JsonObject job, string field) => job["status"]?[field] is JsonValue value ? long.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 0;
}
