using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Low-rank adapter settings (PEFT names).</summary>
public sealed class LoraSpec : IContractObject
{
    [JsonPropertyName("r")]
    [Bounds(1, 1024)]
    public int? R { get; set; }

    [JsonPropertyName("alpha")]
    [Bounds(0, ExclusiveMinimum = true)]
    public double? Alpha { get; set; }

    [JsonPropertyName("dropout")]
    [Bounds(0, 1, ExclusiveMaximum = true)]
    public double? Dropout { get; set; }

    /// <summary>Null means the attention projections of the model family.</summary>
    [JsonPropertyName("targetModules")]
    public IList<string>? TargetModules { get; set; }
}
