using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local;

/// <summary>Remembers each job's status.phase and says when it changed since the last look.</summary>
public sealed class PhaseTracker
{
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);

    /// <summary>
    /// "keywords: phase Pending" the first time the job is seen, "keywords: phase Pending → Running" when the phase
    /// changed, null otherwise. A job the operator has not reconciled yet has no phase: it reads Pending, as the
    /// operator reports first.
    /// </summary>
    public string? Change(FineTuneJob job)
    {
        var phase = Phase(job);
        var key = JobText.Key(job);
        if (seen.TryGetValue(key, out var before) && before == phase)
        {
            return null;
        }

        seen[key] = phase;
        return before is null ? $"{JobText.Name(job)}: phase {phase}" : $"{JobText.Name(job)}: phase {before} → {phase}";
    }

    public static string Phase(FineTuneJob job) =>
        string.IsNullOrEmpty(job.Status?.Phase) ? FineTuneJobPhase.Pending : job.Status.Phase;
}
