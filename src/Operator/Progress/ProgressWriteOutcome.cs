namespace KubeTune.Operator.Progress;

/// <summary>What became of an accepted report's status write.</summary>
public enum ProgressWriteOutcome
{
    /// <summary>status was patched now.</summary>
    Written,

    /// <summary>Within the write interval: the newest report is written when it ends.</summary>
    Deferred,

    /// <summary>Nothing new since the last write.</summary>
    Unchanged,

    /// <summary>The FineTuneJob does not exist (any more): its progress was forgotten.</summary>
    JobGone,

    /// <summary>The API server refused or failed; a retry is scheduled.</summary>
    Failed,
}
