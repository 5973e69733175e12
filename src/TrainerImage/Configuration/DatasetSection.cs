namespace KubeTune.Trainer.Configuration;

/// <summary>The training data and optional validation data (a separate file or a held-out fraction).</summary>
public sealed record DatasetSection(
    string Uri,
    string? Path,
    string? ValidationUri,
    string? ValidationPath,
    double? ValidationSplit,
    DatasetFieldNames Fields,
    bool SkipInvalid);
