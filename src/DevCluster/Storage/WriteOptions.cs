namespace KubeTune.DevCluster.Storage;

/// <summary>How a create, update, patch or delete is carried out (<c>dryRun=All</c>, <c>fieldValidation</c>), and the warnings it produced.</summary>
public sealed class WriteOptions
{
    /// <summary>Validate, default and answer the would-be object, but store nothing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    public FieldValidation FieldValidation { get; init; } = FieldValidation.Warn;

    /// <summary>Who writes, for metadata.managedFields: <c>fieldManager</c>, else the User-Agent's product name.</summary>
    public string FieldManager { get; init; } = DefaultFieldManager;

    /// <summary>A server-side apply takes fields other managers own instead of answering a conflict (<c>force=true</c>).</summary>
    public bool Force { get; init; }

    /// <summary>The manager of writes made inside the dev cluster (its Job controller and kubelet).</summary>
    public const string DefaultFieldManager = "devcluster";

    /// <summary>What the API server would send back in <c>Warning</c> headers.</summary>
    public List<string> Warnings { get; } = [];
}
