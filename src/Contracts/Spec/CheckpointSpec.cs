using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>How often the trainer checkpoints and how many checkpoints it keeps.</summary>
public sealed class CheckpointSpec : IContractObject
{
    [JsonPropertyName("everySteps")]
    [Bounds(1)]
    public int? EverySteps { get; set; }

    [JsonPropertyName("keep")]
    [Bounds(1, 100)]
    public int? Keep { get; set; }
}
