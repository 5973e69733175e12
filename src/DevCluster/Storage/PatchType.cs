namespace KubeTune.DevCluster.Storage;

/// <summary>The patch formats the API accepts, by Content-Type.</summary>
public enum PatchType
{
    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    Merge,

    /// <summary>application/json-patch+json (RFC 6902).</summary>
    Json,

    /// <summary>application/strategic-merge-patch+json (built-in kinds only).</summary>
    StrategicMerge,

    /// <summary>application/apply-patch+yaml: server-side apply (a full or partial object in YAML or JSON).</summary>
    Apply,
}
