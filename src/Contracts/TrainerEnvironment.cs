namespace KubeTune.Contracts;

/// <summary>The environment variables the trainer reads; the operator sets the URL, token, termination log and CA in every trainer pod.</summary>
public static class TrainerEnvironment
{
    /// <summary>Where progress reports are POSTed; unset, reports go to stdout only.</summary>
    public const string ProgressUrl = "KUBETUNE_PROGRESS_URL";

    /// <summary>The projected service-account token sent as the bearer token of each report.</summary>
    public const string TokenFile = "KUBETUNE_TOKEN_FILE";

    /// <summary>Where the final summary is written (the container's terminationMessagePath); unset, <see cref="TerminationMessage.Path"/>.</summary>
    public const string TerminationLog = "KUBETUNE_TERMINATION_LOG";

    /// <summary>A PEM file of the CA the progress endpoint's certificate must chain to; unset, the system's trust store.</summary>
    public const string ProgressCaFile = "KUBETUNE_PROGRESS_CA_FILE";

    /// <summary>Seconds between progress POSTs (a local-mode and test setting).</summary>
    public const string ProgressIntervalSeconds = "KUBETUNE_PROGRESS_INTERVAL_SECONDS";

    /// <summary>Threads libtorch may use on CPU; unset, OMP_NUM_THREADS, else every core.</summary>
    public const string Threads = "KUBETUNE_THREADS";

    /// <summary>Where hf:// and https:// downloads are cached outside a pod.</summary>
    public const string CacheDirectory = "KUBETUNE_CACHE_DIR";
}
