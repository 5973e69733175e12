using System.Globalization;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Local;

/// <summary>Remembers the phase of each search trial and says which trials changed since the last look.</summary>
public sealed class TrialTracker
{
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);

    /// <summary>
    /// One line per trial whose phase changed, in index order: "search-t0: Running · batchSize=8 learningRate=0.002"
    /// (parameters the first time), "search-t0: Succeeded · eval_loss 0.6803" (the objective once there is one).
    /// </summary>
    public IReadOnlyList<string> Changes(FineTuneJob job)
    {
        var lines = new List<string>();
        var metric = job.Spec.Search?.Objective?.Metric ?? "objective";
        foreach (var trial in job.Status?.Trials ?? [])
        {
            var phase = trial.Phase ?? TrialPhase.Pending;
            var key = $"{JobText.Key(job)}/{trial.Name}";
            var first = !seen.TryGetValue(key, out var before);
            if (before == phase)
            {
                continue;
            }

            seen[key] = phase;
            var line = $"{trial.Name}: {phase}";
            if (first && TrialSpec.Describe(trial.Parameters) is { Length: > 0 } parameters)
            {
                line += " · " + parameters;
            }

            if (trial.Objective is { } objective)
            {
                line += string.Create(CultureInfo.InvariantCulture, $" · {metric} {objective:0.0000}");
            }

            lines.Add(line);
        }

        return lines;
    }
}
