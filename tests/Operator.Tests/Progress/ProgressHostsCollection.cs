namespace KubeTune.Operator.Tests.Progress;

/// <summary>
/// The progress tests that scrape /metrics run alone: OpenTelemetry merges same-named meters of every host in the
/// process into one stream, and another host disposed meanwhile would end the kubetune_* series of this one.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProgressHostsCollection
{
    public const string Name = "progress hosts";
}
