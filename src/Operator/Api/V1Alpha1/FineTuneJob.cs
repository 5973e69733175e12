using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>A fine-tuning run of a pre-trained model: kubetune.io/v1alpha1, kind FineTuneJob, short name ftj.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
public sealed class FineTuneJob : IKubernetesObject<V1ObjectMeta>, ISpec<FineTuneJobSpec>, IStatus<FineTuneJobStatus?>
{
    public const string Group = "kubetune.io";
    public const string Version = "v1alpha1";
    public const string GroupVersion = Group + "/" + Version;
    public const string KindName = "FineTuneJob";
    public const string ListKindName = "FineTuneJobList";
    public const string Plural = "finetunejobs";
    public const string Singular = "finetunejob";
    public const string ShortName = "ftj";
    public const string Category = "kubetune";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public FineTuneJobSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public FineTuneJobStatus? Status { get; set; }
}
