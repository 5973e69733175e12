using k8s.Models;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class CacheTrimTests
{
    [Fact]
    public void Metadata_ObjectWithBookkeeping_DropsManagedFieldsAndLastAppliedKeepsOtherAnnotations()
    {
        var pod = new V1Pod { Metadata = Metadata() };

        CacheTrim.Metadata(pod);

        Assert.Null(pod.Metadata.ManagedFields);
        Assert.Equal(new Dictionary<string, string> { ["kubetune.io/spec-hash"] = "abc" }, pod.Metadata.Annotations);
        Assert.Equal("uid-1", pod.Metadata.Uid);
    }

    [Fact]
    public void Job_TrainerJob_KeepsOnlySuspendOfTheSpecAndWhatTheReconcilerReads()
    {
        var job = new V1Job
        {
            Metadata = Metadata(),
            Spec = new V1JobSpec
            {
                Suspend = true,
                BackoffLimit = 3,
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "trainer", Image = "trainer:1" }] } },
            },
            Status = new V1JobStatus { Active = 1, StartTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
        };

        CacheTrim.Job(job);

        Assert.Null(job.Spec.Template);
        Assert.Null(job.Spec.BackoffLimit);
        Assert.True(job.Spec.Suspend);
        Assert.Equal(1, job.Status.Active);
        Assert.Equal("owner-uid", job.Metadata.OwnerReferences.Single().Uid);
        Assert.Null(job.Metadata.ManagedFields);
    }

    [Fact]
    public void ConfigMap_TrainerConfig_KeepsOnlyMetadataWithTheSpecHash()
    {
        var configMap = new V1ConfigMap { Metadata = Metadata(), Data = new Dictionary<string, string> { ["job.json"] = "{}" } };

        CacheTrim.ConfigMap(configMap);

        Assert.Null(configMap.Data);
        Assert.Equal("abc", configMap.Metadata.Annotations["kubetune.io/spec-hash"]);
    }

    private static V1ObjectMeta Metadata() => new()
    {
        Name = "bert",
        NamespaceProperty = "ml",
        Uid = "uid-1",
        Annotations = new Dictionary<string, string> { ["kubetune.io/spec-hash"] = "abc", [CacheTrim.LastAppliedAnnotation] = "{\"spec\":{}}" },
        ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }],
        OwnerReferences = [new V1OwnerReference { ApiVersion = "kubetune.io/v1alpha1", Kind = "FineTuneJob", Name = "bert", Uid = "owner-uid", Controller = true }],
    };
}
