using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>How often the trainer checkpoints and how many checkpoints it keeps.</summary>
public sealed class CheckpointSpec
{
    [JsonPropertyName("everySteps")]
    public int? EverySteps { get; set; }

    [JsonPropertyName("keep")]
    public int? Keep { get; set; }
}
