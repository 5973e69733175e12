using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The written result.</summary>
public sealed class OutputStatus
{
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }

    /// <summary>One of <see cref="OutputFormat"/>.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("sizeBytes")]
    public long? SizeBytes { get; set; }
}
