namespace KubeTune.Contracts;

/// <summary>The FineTuneJob a run belongs to (empty namespace outside a cluster).</summary>
public sealed record JobIdentity(string Namespace, string Name);
