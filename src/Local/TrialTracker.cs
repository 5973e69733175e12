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
    /// (parameters the first time), "search-t0: Succeeded · 24 steps · eval_loss 0.6803" (steps when done, the objective
    /// once there is one); asha adds the rung, "search-t0: Pending · promoted to rung 1 · 10 steps · eval_loss 0.6912".
    /// </summary>
    public IReadOnlyList<string> Changes(FineTuneJob job)
    {
        var lines = new List<string>();
        var metric = job.Spec.Search?.Objective?.Metric ?? "objective";
        foreach (var trial in job.Status?.Trials ?? [])
        {
            var phase = trial.Phase ?? TrialPhase.Pending;
            var state = trial.Rung is { } rung ? $"{phase}/{rung}" : phase;
            var key = $"{JobText.Key(job)}/{trial.Name}";
            var first = !seen.TryGetValue(key, out var before);
            if (before == state)
            {
                continue;
            }

            seen[key] = state;
            var line = $"{trial.Name}: {phase}";
            if (trial.Rung is { } current && (current > 0 || phase is TrialPhase.Paused or TrialPhase.EarlyStopped or TrialPhase.Succeeded))
            {
                // asha: a Pending trial past rung 0 was just promoted; a finished one shows the rung it reached.
                var promoted = phase == TrialPhase.Pending && !first ? "promoted to " : string.Empty;
                line += string.Create(CultureInfo.InvariantCulture, $" · {promoted}rung {current}");
            }

            if (first && TrialSpec.Describe(trial.Parameters) is { Length: > 0 } parameters)
            {
                line += " · " + parameters;
            }

            if (trial.Steps is { } steps && (SearchPlanner.IsDone(phase) || phase == TrialPhase.Paused || (trial.Rung > 0 && phase == TrialPhase.Pending)))
            {
                line += string.Create(CultureInfo.InvariantCulture, $" · {steps} steps");
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
