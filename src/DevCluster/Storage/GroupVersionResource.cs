namespace KubeTune.DevCluster.Storage;

/// <summary>Names a resource the way the API paths do: group (empty for core), version and plural.</summary>
public sealed record GroupVersionResource(string Group, string Version, string Resource)
{
    public static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces");
    public static readonly GroupVersionResource Pods = new("", "v1", "pods");
    public static readonly GroupVersionResource ConfigMaps = new("", "v1", "configmaps");
    public static readonly GroupVersionResource Secrets = new("", "v1", "secrets");
    public static readonly GroupVersionResource Services = new("", "v1", "services");
    public static readonly GroupVersionResource Events = new("", "v1", "events");
    public static readonly GroupVersionResource ServiceAccounts = new("", "v1", "serviceaccounts");
    public static readonly GroupVersionResource Jobs = new("batch", "v1", "jobs");
    public static readonly GroupVersionResource Leases = new("coordination.k8s.io", "v1", "leases");
    public static readonly GroupVersionResource CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions");

    public override string ToString() => Group.Length == 0 ? $"{Version}/{Resource}" : $"{Group}/{Version}/{Resource}";
}
