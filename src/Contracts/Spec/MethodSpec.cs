using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>How the weights are trained.</summary>
public sealed class MethodSpec : IContractObject
{
    [JsonPropertyName("type")]
    [OneOf(typeof(FineTuneMethod))]
    public string? Type { get; set; }

    /// <summary>Only with type lora.</summary>
    [JsonPropertyName("lora")]
    public LoraSpec? Lora { get; set; }
}
