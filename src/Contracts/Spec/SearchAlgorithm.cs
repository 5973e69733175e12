namespace KubeTune.Contracts;

/// <summary>Values of spec.search.algorithm.</summary>
public static class SearchAlgorithm
{
    public const string Grid = "grid";
    public const string Random = "random";

    /// <summary>Asynchronous successive halving: short rungs first, the best continue from their checkpoints.</summary>
    public const string Asha = "asha";

    /// <summary>Tree-structured Parzen estimator: after a random start, samples where the good trials were.</summary>
    public const string Tpe = "tpe";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Grid, Random, Asha, Tpe];
}
