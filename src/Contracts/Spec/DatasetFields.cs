using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>Which column or JSON key of a record holds each input; which ones are used depends on the task.</summary>
public sealed class DatasetFields : IContractObject
{
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("completion")]
    public string? Completion { get; set; }

    [JsonPropertyName("image")]
    public string? Image { get; set; }

    /// <summary>A chat-style list of {role, content} messages (instruction task).</summary>
    [JsonPropertyName("messages")]
    public string? Messages { get; set; }
}
