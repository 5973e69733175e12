using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>Low-rank adapter settings (PEFT names).</summary>
public sealed class LoraSpec
{
    [JsonPropertyName("r")]
    public int? R { get; set; }

    [JsonPropertyName("alpha")]
    public double? Alpha { get; set; }

    [JsonPropertyName("dropout")]
    public double? Dropout { get; set; }

    [JsonPropertyName("targetModules")]
    public IList<string>? TargetModules { get; set; }
}
