using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The newest complete checkpoint, which a restarted trainer resumes from.</summary>
public sealed class CheckpointStatus
{
    [JsonPropertyName("step")]
    public long? Step { get; set; }

    [JsonPropertyName("uri")]
    public string? Uri { get; set; }

    [JsonPropertyName("savedAt")]
    public DateTime? SavedAt { get; set; }
}
