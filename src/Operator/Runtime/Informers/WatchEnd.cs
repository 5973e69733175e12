namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Why a watch stopped; the lower-cased name is the reason label of kubetune_watch_restarts_total.</summary>
internal enum WatchEnd
{
    Closed,
    Gone,
    Silent,
}
