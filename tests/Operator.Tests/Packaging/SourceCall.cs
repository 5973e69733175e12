namespace KubeTune.Operator.Tests.Packaging;

/// <summary>An API call found in the operator's source: what it needs and where it is (file:line).</summary>
internal sealed record SourceCall(Permission Permission, string Location);
