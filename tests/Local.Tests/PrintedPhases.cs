using System.Text.RegularExpressions;

namespace KubeTune.Local.Tests;

/// <summary>Reads the phase sequence a local run printed for one job from its "NAME: phase A" and "NAME: phase A → B" lines.</summary>
internal static class PrintedPhases
{
    public static IReadOnlyList<string> Of(string printed, string job)
    {
        var phases = new List<string>();
        foreach (Match line in Regex.Matches(printed, $@"(?m)^{Regex.Escape(job)}: phase (?:(\w+) → )?(\w+)\r?$"))
        {
            // Each transition starts where the previous line ended; a gap means a line was lost or misprinted.
            var from = line.Groups[1];
            Assert.True(from.Success == phases.Count > 0 && (!from.Success || from.Value == phases[^1]), $"phase line out of sequence: {line.Value}\n{printed}");
            phases.Add(line.Groups[2].Value);
        }

        return phases;
    }
}
