namespace KubeTune.DevCluster.Storage;

/// <summary>How a create, update, patch or delete is carried out (<c>dryRun=All</c>, <c>fieldValidation</c>), and the warnings it produced.</summary>
public sealed class WriteOptions
{
    /// <summary>Validate, default and answer the would-be object, but store nothing (<c>dryRun=All</c>).</summary>
    public bool DryRun { get; init; }

    public FieldValidation FieldValidation { get; init; } = FieldValidation.Warn;

    /// <summary>What the API server would send back in <c>Warning</c> headers.</summary>
    public List<string> Warnings { get; } = [];
}
