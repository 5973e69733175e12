namespace KubeTune.Contracts;

/// <summary>Values of spec.search.algorithm.</summary>
public static class SearchAlgorithm
{
    public const string Grid = "grid";
    public const string Random = "random";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Grid, Random];
}
