namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// Maps a changed object to the keys to reconcile (itself, or its owning FineTuneJob) and enqueues them. A modification
/// for which <see cref="Ignore"/> (previously cached, new) answers true is not enqueued.
/// </summary>
public sealed record InformerEventHandler<T>(Func<T, IEnumerable<ObjectKey>> KeysOf, Action<ObjectKey> Enqueue, Func<T, T, bool>? Ignore = null);
