namespace KubeTune.Operator.Runtime.Informers;

/// <summary>What the host needs of every informer, whatever its resource type.</summary>
public interface IInformer
{
    string Resource { get; }

    /// <summary>True once the first list of every watched namespace has filled the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists, then watches, until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Hands every cached object to the event handlers again.</summary>
    void Resync();
}
