using KubeTune.Operator.Runtime;

namespace KubeTune.Operator.Progress;

/// <summary>
/// The newest progress of every job that reported. A report replaces the applied one when its step is higher,
/// or equal and reported no earlier (a final report of the same step wins). An older report, final or not (a
/// restarted pod resending from its checkpoint, a stale or hostile pod), changes nothing: progress never moves backwards.
/// </summary>
public sealed class ProgressStore(TimeProvider time)
{
    private readonly Dictionary<ObjectKey, JobProgress> jobs = [];
    private readonly Lock gate = new();
    private long sequence;

    /// <summary>Applies <paramref name="report"/> if it is not older than the applied one; returns whether it was, and the job's progress now.</summary>
    public (bool Applied, JobProgress Progress) Apply(ObjectKey job, ProgressReport report)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            jobs.TryGetValue(job, out var current);
            if (current is not null && !IsNewer(report, now, current))
            {
                return (false, current);
            }

            var next = new JobProgress(
                job,
                current is null ? report : WithLastKnownValues(report, current.Report),
                Newest(report.Eval, current?.Eval, eval => eval.Step),
                Newest(report.Checkpoint, current?.Checkpoint, checkpoint => checkpoint.Step),
                report.Output ?? current?.Output,
                now,
                ++sequence);
            jobs[job] = next;
            return (true, next);
        }
    }

    public JobProgress? Get(ObjectKey job)
    {
        lock (gate)
        {
            return jobs.GetValueOrDefault(job);
        }
    }

    public IReadOnlyList<JobProgress> All()
    {
        lock (gate)
        {
            return [.. jobs.Values];
        }
    }

    /// <summary>Forgets a job (deleted): its gauges go with it.</summary>
    public bool Remove(ObjectKey job)
    {
        lock (gate)
        {
            return jobs.Remove(job);
        }
    }

    private static bool IsNewer(ProgressReport report, DateTimeOffset now, JobProgress current) =>
        report.Step > current.Report.Step || (report.Step == current.Report.Step && (report.Final || (report.Timestamp ?? now) >= current.ReportedAt));

    // status keeps a field a report leaves out (merge patch), so the gauges keep it too: both show the same values.
    private static ProgressReport WithLastKnownValues(ProgressReport report, ProgressReport known) => report with
    {
        Epoch = report.Epoch ?? known.Epoch,
        Loss = report.Loss ?? known.Loss,
        LearningRate = report.LearningRate ?? known.LearningRate,
        TokensPerSecond = report.TokensPerSecond ?? known.TokensPerSecond,
        SamplesPerSecond = report.SamplesPerSecond ?? known.SamplesPerSecond,
        EtaSeconds = report.EtaSeconds ?? known.EtaSeconds,
    };

    private static T? Newest<T>(T? reported, T? known, Func<T, long> step)
        where T : class =>
        reported is null ? known : known is null || step(reported) >= step(known) ? reported : known;
}
