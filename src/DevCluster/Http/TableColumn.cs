namespace KubeTune.DevCluster.Http;

/// <summary>One column of a Table and the JSONPath its cells come from.</summary>
internal sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
