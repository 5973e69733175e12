namespace KubeTune.Contracts;

/// <summary>Values of spec.search.objective.goal.</summary>
public static class ObjectiveGoal
{
    public const string Minimize = "minimize";
    public const string Maximize = "maximize";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Minimize, Maximize];
}
