using System.Text.Json.Serialization;

namespace KubeTune.Contracts;

/// <summary>The training data and, optionally, how to get validation data.</summary>
public sealed class DatasetSpec : IContractObject
{
    /// <summary>jsonl, csv or an image folder (one sub-folder per class).</summary>
    [JsonPropertyName("uri")]
    [RequiredField]
    public string Uri { get; set; } = "";

    /// <summary>A separate validation set; at most one of this and <see cref="ValidationSplit"/>.</summary>
    [JsonPropertyName("validationUri")]
    public string? ValidationUri { get; set; }

    /// <summary>The fraction of the training set held out for validation, in [0, 1).</summary>
    [JsonPropertyName("validationSplit")]
    [Bounds(0, 1, ExclusiveMaximum = true)]
    public double? ValidationSplit { get; set; }

    [JsonPropertyName("fields")]
    public DatasetFields? Fields { get; set; }

    /// <summary>Skip records that cannot be parsed instead of failing the job.</summary>
    [JsonPropertyName("skipInvalid")]
    public bool? SkipInvalid { get; set; }
}
