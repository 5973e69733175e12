namespace KubeTune.Contracts;

/// <summary>The training data and optional validation data (a separate file or a held-out fraction), defaults applied.</summary>
public sealed record DatasetSection(
    string Uri,
    string? ValidationUri,
    double? ValidationSplit,
    DatasetFieldNames Fields,
    bool SkipInvalid);
