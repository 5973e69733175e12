using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>status.serving: the InferenceService serving the output, as KServe reports it.</summary>
public sealed class ServingStatus
{
    [JsonPropertyName("inferenceService")]
    public string? InferenceService { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("ready")]
    public bool? Ready { get; set; }
}
