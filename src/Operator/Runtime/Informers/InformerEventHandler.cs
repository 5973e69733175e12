namespace KubeTune.Operator.Runtime.Informers;

/// <summary>Maps a changed object to the keys to reconcile (itself, or its owning FineTuneJob) and enqueues them.</summary>
public sealed record InformerEventHandler<T>(Func<T, IEnumerable<ObjectKey>> KeysOf, Action<ObjectKey> Enqueue);
