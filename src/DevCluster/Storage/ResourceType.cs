using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

/// <summary>One served resource: its group/version/plural, kind, scope and what the API does with it.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Singular, string Kind, bool Namespaced)
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>True when the resource has a /status subresource (status changes only through it).</summary>
    public bool HasStatus { get; init; }

    /// <summary>True for custom resources: no strategic merge patch, schema validation and defaults.</summary>
    public bool IsCustom { get; init; }

    /// <summary>The CRD's openAPIV3Schema for this version; null for built-in kinds.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The CRD's additionalPrinterColumns for this version; null for built-in kinds.</summary>
    public JsonArray? PrinterColumns { get; init; }

    /// <summary>The CRD's selectableFields for this version as field labels (<c>spec.color</c>); empty for built-in kinds.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    /// <summary>Objects are stored once per group and plural, whatever version serves them.</summary>
    public string StorageKey => GroupResource;

    /// <summary>The name Kubernetes uses in messages: <c>pods</c>, <c>jobs.batch</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    public override string ToString() => $"{ApiVersion}/{Plural}";
}
