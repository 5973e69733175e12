namespace KubeTune.Contracts;

/// <summary>Values of spec.method.type: full (all weights), lora (low-rank adapters), head (freeze the base, train the new head).</summary>
public static class FineTuneMethod
{
    public const string Full = "full";
    public const string Lora = "lora";
    public const string Head = "head";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Full, Lora, Head];
}
