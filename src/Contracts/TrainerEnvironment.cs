namespace KubeTune.Contracts;

/// <summary>The environment variables the trainer reads; the operator sets the first two in every trainer pod.</summary>
public static class TrainerEnvironment
{
    /// <summary>Where progress reports are POSTed; unset, reports go to stdout only.</summary>
    public const string ProgressUrl = "KUBETUNE_PROGRESS_URL";

    /// <summary>The projected service-account token sent as the bearer token of each report.</summary>
    public const string TokenFile = "KUBETUNE_TOKEN_FILE";

    /// <summary>Seconds between progress POSTs (a local-mode and test setting).</summary>
    public const string ProgressIntervalSeconds = "KUBETUNE_PROGRESS_INTERVAL_SECONDS";

    /// <summary>Threads libtorch may use on CPU; unset, OMP_NUM_THREADS, else every core.</summary>
    public const string Threads = "KUBETUNE_THREADS";

    /// <summary>Where hf:// and https:// downloads are cached outside a pod.</summary>
    public const string CacheDirectory = "KUBETUNE_CACHE_DIR";
}
