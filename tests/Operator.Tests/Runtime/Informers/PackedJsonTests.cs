using System.Text.Json;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Tests.Controllers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class PackedJsonTests
{
    [Fact]
    public void Unpack_PackedFineTuneJob_SameJsonInUnderHalfTheBytes()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = new FineTuneJobStatus { Phase = FineTuneJobPhase.Pending, Conditions = [.. Enumerable.Range(0, 4).Select(i => new k8s.Models.V1Condition { Type = $"Type{i}", Status = "False", Reason = "Pending", Message = "waiting for the trainer pod to start", LastTransitionTime = TestObjects.Now })] };
        var json = JsonSerializer.SerializeToUtf8Bytes(job, KubernetesJsonOptions.Shared);

        var packed = PackedJson.Pack(job, KubernetesJsonOptions.Shared);

        Assert.Equal(KubernetesJson.Serialize(job), KubernetesJson.Serialize(PackedJson.Unpack<FineTuneJob>(packed, KubernetesJsonOptions.Shared)!));
        Assert.True(packed.Length * 2 < json.Length, $"packed {packed.Length} bytes of {json.Length}");
    }

    [Fact]
    public void Unpack_TruncatedBytes_ErrorNamesTheType()
    {
        var packed = PackedJson.Pack(TestObjects.FineTuneJob(), KubernetesJsonOptions.Shared);

        var error = Assert.Throws<InvalidOperationException>(() => PackedJson.Unpack<FineTuneJob>(packed[..(packed.Length / 2)], KubernetesJsonOptions.Shared));

        Assert.Contains(nameof(FineTuneJob), error.Message, StringComparison.Ordinal);
    }
}
