using k8s;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Tests.Controllers;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeTune.Operator.Tests.Controllers.Events;

/// <summary>The recorder against the dev cluster's events API over real HTTP.</summary>
public sealed class EventRecorderTests : IAsyncLifetime
{
    private static readonly JobEvent Created = new(JobEvent.Normal, "Created", "created Job", "Created/job-uid");
    private DevClusterHost cluster = null!;
    private Kubernetes client = null!;
    private EventRecorder recorder = null!;

    public async Task InitializeAsync()
    {
        cluster = await DevClusterHost.StartAsync(new DevClusterOptions());
        client = new Kubernetes(cluster.ClientConfiguration);
        recorder = new EventRecorder(client, new OperatorOptions(), TimeProvider.System, NullLogger<EventRecorder>.Instance);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task RecordAsync_SameTransitionTwice_OneEvent()
    {
        var job = Job("default", "bert");

        await recorder.RecordAsync(job, Created, CancellationToken.None);
        await recorder.RecordAsync(job, Created, CancellationToken.None);

        Assert.Single(EventsOf("default", "bert"));
    }

    [Fact]
    public async Task Forget_OneJob_ForgetsOnlyThatJobNotItsNamesakeOrPrefixedName()
    {
        // Same name in another namespace, and a name that starts with "bert.": the old forgetting matched both.
        FineTuneJob[] jobs = [Job("default", "bert"), Job("team-b", "bert"), Job("default", "bert.v2")];
        foreach (var job in jobs)
        {
            await recorder.RecordAsync(job, Created, CancellationToken.None);
        }

        foreach (var item in cluster.Store.List(GroupVersionResource.Events, null).Items)
        {
            cluster.Store.Delete(GroupVersionResource.Events, ObjectMetadata.Namespace(item), ObjectMetadata.Name(item));
        }

        recorder.Forget("default", "bert");
        foreach (var job in jobs)
        {
            await recorder.RecordAsync(job, Created, CancellationToken.None);
        }

        // Only the forgotten job's event is sent again; the remembered ones make no request.
        Assert.Single(EventsOf("default", "bert"));
        Assert.Empty(EventsOf("team-b", "bert"));
        Assert.Empty(EventsOf("default", "bert.v2"));
    }

    [Fact]
    public async Task RecordAsync_CreateFails_NotRememberedAndSentNextTime()
    {
        var job = Job("default", "flaky");
        cluster.Faults.FailNext("POST", "/events", 500);

        await recorder.RecordAsync(job, Created, CancellationToken.None);
        Assert.Empty(EventsOf("default", "flaky"));

        await recorder.RecordAsync(job, Created, CancellationToken.None);
        Assert.Single(EventsOf("default", "flaky"));
    }

    private static FineTuneJob Job(string ns, string name)
    {
        var job = TestObjects.FineTuneJob(name);
        job.Metadata.NamespaceProperty = ns;
        job.Metadata.Uid = $"uid-{ns}-{name}";
        return job;
    }

    private List<System.Text.Json.Nodes.JsonObject> EventsOf(string ns, string name) =>
        [.. cluster.Store.List(GroupVersionResource.Events, ns).Items.Where(item => item["involvedObject"]?["name"]?.ToString() == name)];
}
