namespace KubeTune.Operator.Runtime.Informers;

/// <summary>The arguments of one list call: namespace (null: all), resourceVersion, watch and its server-side timeout.</summary>
public sealed record ListRequest(string? Namespace, string? ResourceVersion, bool Watch, int? TimeoutSeconds);
