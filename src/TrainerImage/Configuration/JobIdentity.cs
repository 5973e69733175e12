namespace KubeTune.Trainer.Configuration;

/// <summary>The FineTuneJob the run belongs to (empty namespace outside a cluster).</summary>
public sealed record JobIdentity(string Namespace, string Name);
