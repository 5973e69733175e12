namespace KubeTune.Contracts;

/// <summary>Values of spec.output.format: safetensors (full, merged model) or peft-adapter (LoRA adapter only).</summary>
public static class OutputFormat
{
    public const string Safetensors = "safetensors";
    public const string PeftAdapter = "peft-adapter";

    /// <summary>
    /// Where a classification peft-adapter output also holds the merged model (OUTPUT/merged): serving runtimes that
    /// take no adapters (KServe's Hugging Face backend) load that.
    /// </summary>
    public const string MergedSubdirectory = "merged";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Safetensors, PeftAdapter];
}
