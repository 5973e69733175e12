using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>
/// Turns a failed Job into the FineTuneJob's Failed reason and a message a user can act on. The reason comes from what
/// Kubernetes decided (the Job's Failed condition, its podFailurePolicy match, its failed count) and from the trainer's
/// termination message, never from the pod cache alone, which may lag the Job: when the cache cannot tell yet (an
/// OOMKilled pod it has not seen), the reason is not known and the job is not finished until it is, or a grace passes.
/// </summary>
public static partial class FailureClassifier
{
    /// <summary>How long a BackoffLimitExceeded Job waits for the pod cache to show its failed pods before the reason is fixed anyway.</summary>
    public static readonly TimeSpan PodCacheGrace = TimeSpan.FromSeconds(10);

    public const string PodFailurePolicyReason = "PodFailurePolicy";

    /// <summary>The reason and message, or null when they are not known yet (look again shortly).</summary>
    public static (string Reason, string Message)? Classify(V1JobCondition jobFailed, V1Job trainerJob, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        if (jobFailed.Reason == "DeadlineExceeded")
        {
            return (ConditionReasons.DeadlineExceeded, $"the job ran longer than activeDeadlineSeconds: {jobFailed.Message}".TrimEnd(' ', ':'));
        }

        if (jobFailed.Reason == PodFailurePolicyReason && FailJobMatch().Match(jobFailed.Message ?? string.Empty) is { Success: true } match)
        {
            var podName = match.Groups["pod"].Value;
            var exitCode = int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture);
            var detail = Detail(pods.FirstOrDefault(pod => podName.EndsWith("/" + pod.Metadata.Name, StringComparison.Ordinal) || podName == pod.Metadata.Name));
            var shortName = podName.Split('/')[^1];
            return exitCode switch
            {
                ExitCodes.InvalidInput => (ConditionReasons.InvalidInput, $"the trainer rejected its input (exit code 2) in pod {shortName}{detail}"),
                ExitCodes.Diverged => (ConditionReasons.Diverged, $"training diverged (NaN or Inf loss, exit code 3) in pod {shortName}{detail}"),
                _ => (ConditionReasons.BackoffLimitExceeded, $"the trainer failed with exit code {exitCode} in pod {shortName}{detail}"),
            };
        }

        var failures = pods.Where(PodFacts.IsCountedFailure).OrderByDescending(PodFacts.FinishedAt).ToList();
        var attempts = Math.Max(trainerJob.Status?.Failed ?? 0, failures.Count);
        var waited = now - (jobFailed.LastTransitionTime ?? now);
        if (failures.Count < attempts && waited < PodCacheGrace)
        {
            // The Job counted failures the pod cache does not show yet: the last one may be an OOMKilled pod.
            return null;
        }

        if (failures.FirstOrDefault() is { } last && PodFacts.Terminated(last)?.Reason == PodFacts.OomKilled)
        {
            return (ConditionReasons.OomKilled, $"the trainer ran out of memory (OOMKilled) in pod {last.Metadata.Name} after {Times(attempts)}; raise spec.resources.memory or lower the batch size");
        }

        var cause = failures.FirstOrDefault() is { } latest ? $"; last failure: {PodFacts.DescribeFailure(latest)}{Detail(latest)}" : string.Empty;
        return (ConditionReasons.BackoffLimitExceeded, $"the trainer failed {Times(attempts)}, more than backoffLimit allows{cause}");
    }

    /// <summary>True when the Job's failure came from its FailJob rule (exit code 2 or 3): that pod was never retried.</summary>
    public static bool IsFailJob(V1Job? trainerJob) =>
        trainerJob?.Status?.Conditions?.Any(condition => condition.Type is "Failed" or "FailureTarget" && condition.Status == "True" && condition.Reason == PodFailurePolicyReason) == true;

    private static string Times(int attempts) => attempts == 1 ? "1 time" : $"{attempts.ToString(CultureInfo.InvariantCulture)} times";

    // The last line of the trainer's termination message when it is a log tail ("error: ..."), not a summary.
    private static string Detail(V1Pod? pod)
    {
        var message = pod is null ? null : PodFacts.Terminated(pod)?.Message;
        if (string.IsNullOrWhiteSpace(message) || TerminationMessage.TryParse(message) is not null)
        {
            return string.Empty;
        }

        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
        return line.Length == 0 ? string.Empty : ": " + (line.Length > 300 ? line[..300] + "..." : line);
    }

    [GeneratedRegex(@"for pod (?<pod>\S+) failed with exit code (?<code>\d+)")]
    private static partial Regex FailJobMatch();
}
