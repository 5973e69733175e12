using System.Globalization;
using KubeTune.DevCluster.Pods;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>One job of a chaos run: its own fake trainer image that sleeps, then writes a final summary and exits 0, or exits 2.</summary>
internal sealed record ChaosJobPlan(string Name, bool Fails, TimeSpan RunFor, long Steps)
{
    public const long OutputBytes = 4242;

    public string Image => $"test/chaos-{Name}:1";

    /// <summary>A shell trainer: no progress reports at all, so the final status can only come from the termination message.</summary>
    public ImageCommand Command
    {
        get
        {
            var sleep = RunFor.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            var script = Fails
                ? $"sleep {sleep}; echo 'dataset row 3: no field \"sentence\"' >&2; exit {ExitCodes.InvalidInput}"
                : $"sleep {sleep}; printf '%s' '{SummaryJson}' > \"${TrainerEnvironment.TerminationLog}\"";
            return new ImageCommand(["/bin/sh", "-c", script]);
        }
    }

    // The output URI is a decoy: the operator must take the location from its own spec.
    private string SummaryJson =>
        $$$"""{"phase":"Completed","step":{{{Steps}}},"totalSteps":{{{Steps}}},"loss":0.125,"output":{"uri":"pvc://elsewhere/{{{Name}}}","format":"safetensors","sizeBytes":{{{OutputBytes}}}}}""";

    /// <summary>The plans for a run, drawn from the seed: about <paramref name="failingShare"/> fail, run times 0.1 to 2 s.</summary>
    public static IReadOnlyList<ChaosJobPlan> Draw(int count, Random dice, double failingShare) =>
        [.. Enumerable.Range(0, count).Select(index => new ChaosJobPlan(
            $"chaos-{index:000}",
            dice.NextDouble() < failingShare,
            TimeSpan.FromMilliseconds(dice.Next(100, 2000)),
            dice.Next(10, 5000)))];
}
