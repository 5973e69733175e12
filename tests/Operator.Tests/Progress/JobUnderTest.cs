namespace KubeTune.Operator.Tests.Progress;

/// <summary>A FineTuneJob created for a test, with its trainer pod.</summary>
public sealed record JobUnderTest(string Namespace, string Name, string PodName, string PodUid);
