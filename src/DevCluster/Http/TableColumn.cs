using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Http;

/// <summary>One column of a Table: its cells come from <see cref="Value"/> when set (built-in kinds), else from the JSONPath.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath)
{
    /// <summary>Computes the cell from the object and the current time, like the API server's printers.</summary>
    public Func<JsonObject, DateTimeOffset, JsonNode?>? Value { get; init; }
}
