using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Controllers.Status;

/// <summary>Turns a failed Job and its pods into the FineTuneJob's Failed reason and a message a user can act on.</summary>
public static class FailureClassifier
{
    public static (string Reason, string Message) Classify(V1JobCondition jobFailed, IReadOnlyList<V1Pod> pods)
    {
        if (jobFailed.Reason == "DeadlineExceeded")
        {
            return (ConditionReasons.DeadlineExceeded, $"the job ran longer than activeDeadlineSeconds: {jobFailed.Message}".TrimEnd(' ', ':'));
        }

        var failures = pods.Where(PodFacts.IsCountedFailure).OrderByDescending(PodFacts.FinishedAt).ToList();
        foreach (var pod in failures)
        {
            switch (PodFacts.Terminated(pod)?.ExitCode)
            {
                case ExitCodes.InvalidInput:
                    return (ConditionReasons.InvalidInput, $"the trainer rejected its input (exit code 2) in pod {pod.Metadata.Name}; see its log");
                case ExitCodes.Diverged:
                    return (ConditionReasons.Diverged, $"training diverged (NaN or Inf loss, exit code 3) in pod {pod.Metadata.Name}");
            }
        }

        var attempts = failures.Count;
        if (failures.FirstOrDefault() is { } last && PodFacts.Terminated(last)?.Reason == PodFacts.OomKilled)
        {
            return (ConditionReasons.OomKilled, $"the trainer ran out of memory (OOMKilled) in pod {last.Metadata.Name} after {attempts} attempts; raise spec.resources.memory or lower the batch size");
        }

        var cause = failures.FirstOrDefault() is { } latest ? $"; last failure: {PodFacts.DescribeFailure(latest)}" : string.Empty;
        return (ConditionReasons.BackoffLimitExceeded, $"the trainer failed {attempts} times, more than backoffLimit allows{cause}");
    }
}
