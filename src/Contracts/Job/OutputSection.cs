namespace KubeTune.Contracts;

/// <summary>Where the result goes, as the user wrote it, and its format (one of <see cref="OutputFormat"/>).</summary>
public sealed record OutputSection(string Uri, string Format);
