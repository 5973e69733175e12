namespace KubeTune.Trainer.Configuration;

/// <summary>
/// How locations are resolved. PvcRoot: outside a pod, pvc://CLAIM/PATH is PvcRoot/CLAIM/PATH. CacheDirectory: where
/// hf:// and https:// downloads go (default: the operator's path for the location in a pod, else
/// $KUBETUNE_CACHE_DIR or ~/.cache/kubetune).
/// </summary>
public sealed record ConfigLoadOptions(string? PvcRoot = null, string? CacheDirectory = null);
