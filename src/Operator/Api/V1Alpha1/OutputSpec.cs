using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Where the fine-tuned model is written, and in which form.</summary>
public sealed class OutputSpec
{
    /// <summary>pvc://CLAIM/PATH or file:///PATH.</summary>
    [JsonPropertyName("uri")]
    public string Uri { get; set; } = "";

    /// <summary>One of <see cref="OutputFormat"/>.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }
}
