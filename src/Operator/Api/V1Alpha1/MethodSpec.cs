using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>How the weights are trained.</summary>
public sealed class MethodSpec
{
    /// <summary>One of <see cref="FineTuneMethod"/>; the CRD defaults it to full.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Only with type lora.</summary>
    [JsonPropertyName("lora")]
    public LoraSpec? Lora { get; set; }
}
