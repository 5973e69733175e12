using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Local;

/// <summary>Remembers each job's conditions and says which changed (status or reason) since the last look.</summary>
public sealed class ConditionTracker
{
    private readonly Dictionary<string, (string Status, string? Reason)> seen = new(StringComparer.Ordinal);

    /// <summary>One line per changed condition, in the CRD's order: "Running=True PodRunning: the trainer pod is running".</summary>
    public IReadOnlyList<string> Changes(FineTuneJob job)
    {
        var lines = new List<string>();
        var conditions = job.Status?.Conditions ?? [];
        // Ready, Reconciling and Stalled restate the phase for GitOps tools; the phase line already says it.
        foreach (var condition in conditions.Where(condition => !KstatusConditions.All.Contains(condition.Type)).OrderBy(condition => IndexOf(condition.Type)))
        {
            var key = $"{JobText.Key(job)}/{condition.Type}";
            var now = (condition.Status, condition.Reason);
            if (seen.TryGetValue(key, out var before) && before == now)
            {
                continue;
            }

            seen[key] = now;
            var message = string.IsNullOrEmpty(condition.Message) ? string.Empty : ": " + condition.Message;
            lines.Add($"{JobText.Name(job)}: {condition.Type}={condition.Status} {condition.Reason}{message}");
        }

        return lines;
    }

    private static int IndexOf(string type)
    {
        var index = ConditionTypes.All.ToList().IndexOf(type);
        return index >= 0 ? index : int.MaxValue;
    }
}
