using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The list kind returned when listing FineTuneJobs.</summary>
[KubernetesEntity(Group = FineTuneJob.Group, ApiVersion = FineTuneJob.Version, Kind = FineTuneJob.ListKindName, PluralName = FineTuneJob.Plural)]
public sealed class FineTuneJobList : IKubernetesObject<V1ListMeta>, IItems<FineTuneJob>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = FineTuneJob.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = FineTuneJob.ListKindName;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<FineTuneJob> Items { get; set; } = [];
}
