using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Controllers;

/// <summary>What the FineTuneJob cache keeps: the metadata trim, and the status strings every job repeats (phase, condition types, statuses and reasons) pooled.</summary>
public static class FineTuneJobCacheTrim
{
    public static FineTuneJob Apply(FineTuneJob job)
    {
        CacheTrim.Metadata(job);
        if (job.Status is not { } status)
        {
            return job;
        }

        var pool = StringPool.Shared;
        status.Phase = pool.Intern(status.Phase);
        foreach (var condition in status.Conditions ?? [])
        {
            condition.Type = pool.Intern(condition.Type);
            condition.Status = pool.Intern(condition.Status);
            condition.Reason = pool.Intern(condition.Reason);
        }

        return job;
    }
}
