namespace KubeTune.Operator.Runtime.Informers;

/// <summary>How a watch ended, the newest resourceVersion it saw, and how many events it delivered.</summary>
internal sealed record WatchResult(WatchEnd End, string ResourceVersion, int Events);
