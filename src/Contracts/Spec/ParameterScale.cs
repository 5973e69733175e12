namespace KubeTune.Contracts;

/// <summary>Values of spec.search.parameters[*].scale.</summary>
public static class ParameterScale
{
    public const string Linear = "linear";
    public const string Log = "log";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Linear, Log];
}
