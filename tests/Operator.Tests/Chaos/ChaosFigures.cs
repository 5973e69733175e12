using System.Globalization;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>What a chaos run measured; <see cref="Problems"/> names each job that went wrong and how.</summary>
internal sealed record ChaosFigures(
    int Seed,
    int Jobs,
    int Succeeded,
    int Failed,
    int OperatorKills,
    long FaultsInjected,
    int Duplicates,
    int Lost,
    int Incomplete,
    TimeSpan Wall,
    IReadOnlyList<string> Problems)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        seed               {Seed}
        jobs               {Jobs} ({Succeeded} succeeded, {Failed} failed)
        operator kills     {OperatorKills}
        faults injected    {FaultsInjected}
        duplicate Jobs     {Duplicates}
        lost jobs          {Lost}
        incomplete status  {Incomplete}
        wall time          {Wall.TotalSeconds:0.0} s
        """);
}
