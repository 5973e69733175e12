namespace KubeTune.DevCluster.Storage;

/// <summary>One metadata.managedFields entry: who (manager and operation, Apply or Update) owns which leaf fields.</summary>
public sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, string? Subresource, IReadOnlySet<string> Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool IsSameOwner(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;
}
