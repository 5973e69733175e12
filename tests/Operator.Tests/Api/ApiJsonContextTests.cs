using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Api;

public sealed class ApiJsonContextTests
{
    // The client's serializer has no reflection fallback (as in the native operator): a watch line of a type missing
    // from the generated JSON would end every watch of that resource.
    [Fact]
    public void Deserialize_WatchLinesOfEveryInformedResource_ReadThroughGeneratedJson()
    {
        KubernetesJsonOptions.Install();

        var job = KubernetesJson.Deserialize<Watcher<FineTuneJob>.WatchEvent>("""{"type":"ADDED","object":{"apiVersion":"kubetune.io/v1alpha1","kind":"FineTuneJob","metadata":{"name":"a","creationTimestamp":"2026-12-07T10:00:00Z"},"spec":{"task":"text-classification"}}}""");
        var pod = KubernetesJson.Deserialize<Watcher<V1Pod>.WatchEvent>("""{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"p"},"status":{"phase":"Running"}}}""");
        var generic = KubernetesJson.Deserialize<Watcher<KubernetesObject>.WatchEvent>("""{"type":"ERROR","object":{"kind":"Status","code":410}}""");
        var status = KubernetesJson.Deserialize<Watcher<V1Status>.WatchEvent>("""{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}""");

        Assert.Equal((WatchEventType.Added, "a", "text-classification"), (job.Type, job.Object.Metadata.Name, job.Object.Spec.Task));
        Assert.Equal(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc), job.Object.Metadata.CreationTimestamp);
        Assert.Equal((WatchEventType.Modified, "Running"), (pod.Type, pod.Object.Status.Phase));
        Assert.Equal("Status", generic.Object.Kind);
        Assert.Equal(410, status.Object.Code);
    }

    [Fact]
    public void Deserialize_TypeWithoutGeneratedJson_Refused()
    {
        KubernetesJsonOptions.Install();

        Assert.Throws<NotSupportedException>(() => KubernetesJson.Deserialize<Watcher<V1Secret>.WatchEvent>("""{"type":"ADDED","object":{"kind":"Secret"}}"""));
    }
}
