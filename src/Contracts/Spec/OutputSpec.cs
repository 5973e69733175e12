using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Where the fine-tuned model is written, and in which form.</summary>
public sealed class OutputSpec : IContractObject
{
    /// <summary>pvc://CLAIM/PATH or file:///PATH.</summary>
    [JsonPropertyName("uri")]
    [RequiredField]
    public string Uri { get; set; } = "";

    [JsonPropertyName("format")]
    [OneOf(typeof(OutputFormat))]
    public string? Format { get; set; }
}
