using k8s.Models;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class OwnerKeysTests
{
    [Fact]
    public void OwningFineTuneJob_ControllerOwnerReference_MapsToOwner()
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta
            {
                Name = "bert-sst2",
                NamespaceProperty = "ml",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "kubetune.io/v1alpha1", Kind = "FineTuneJob", Name = "bert-sst2-owner", Uid = "uid-1", Controller = true }],
                Labels = new Dictionary<string, string> { [OwnerKeys.JobLabel] = "from-label" },
            },
        };

        Assert.Equal([new ObjectKey("ml", "bert-sst2-owner")], OwnerKeys.OwningFineTuneJob(job));
    }

    [Fact]
    public void OwningFineTuneJob_PodOwnedByJob_MapsThroughJobLabel()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "bert-sst2-x7k2p",
                NamespaceProperty = "ml",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = "bert-sst2", Uid = "uid-2", Controller = true }],
                Labels = new Dictionary<string, string> { [OwnerKeys.JobLabel] = "bert-sst2" },
            },
        };

        Assert.Equal([new ObjectKey("ml", "bert-sst2")], OwnerKeys.OwningFineTuneJob(pod));
    }

    [Fact]
    public void OwningFineTuneJob_NoOwnerNorLabel_MapsToNothing()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "stray", NamespaceProperty = "ml" } };

        Assert.Empty(OwnerKeys.OwningFineTuneJob(pod));
    }

    [Fact]
    public void Parse_NamespaceAndName_RoundTrips()
    {
        var key = ObjectKey.Parse("ml/bert-sst2");

        Assert.Equal(new ObjectKey("ml", "bert-sst2"), key);
        Assert.Equal("ml/bert-sst2", key.ToString());
        Assert.Throws<FormatException>(() => ObjectKey.Parse("a/b/c"));
    }
}
