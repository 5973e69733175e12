using k8s;
using k8s.Models;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Http;

public sealed class KubectlEventsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task DescribeCustomResource_ShowsEventsRecordedOnIt()
    {
        var name = Names.Unique("w");
        var uid = await CreateWidgetAsync(name);
        await CreateEventAsync(name, uid, "SizeChecked", "size 3 is within limits");
        await CreateEventAsync(Names.Unique("w"), "other-uid", "Elsewhere", "an event of another widget");

        var result = (await _kubectl.RunAsync("describe", "widget", name)).ShouldSucceed();

        Assert.DoesNotContain("Events:  <none>", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Normal\s+SizeChecked\s+.*size 3 is within limits", result.Stdout);
        Assert.DoesNotContain("Elsewhere", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEventsWithFieldSelector_ListsOnlyTheNamedObjectsEvents()
    {
        var name = Names.Unique("w");
        var other = Names.Unique("w");
        await CreateEventAsync(name, "uid-" + name, "Chosen", "for the selected widget");
        await CreateEventAsync(other, "uid-" + other, "Ignored", "for another widget");

        var result = (await _kubectl.RunAsync("get", "events", "--field-selector", $"involvedObject.name={name}")).ShouldSucceed();

        Assert.Contains("Chosen", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Ignored", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEventsWithUnsupportedField_FailsNamingTheField()
    {
        var result = await _kubectl.RunAsync("get", "events", "--field-selector", "spec.nodeName=node-1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("field label not supported: spec.nodeName", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> CreateWidgetAsync(string name)
    {
        TestResources.EnsureWidgetCrd(cluster.Host);
        var created = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            TestResources.Widget(name, size: 3), TestResources.WidgetGroup, TestResources.WidgetVersion, "default", TestResources.WidgetPlural);
        return TestResources.ToJsonObject(created)["metadata"]!["uid"]!.ToString();
    }

    private Task<Corev1Event> CreateEventAsync(string widget, string uid, string reason, string message) =>
        cluster.Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = Names.Unique(widget) },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = $"{TestResources.WidgetGroup}/{TestResources.WidgetVersion}",
                    Kind = "Widget",
                    Name = widget,
                    NamespaceProperty = "default",
                    Uid = uid,
                },
                Reason = reason,
                Message = message,
                Type = "Normal",
                Source = new V1EventSource { Component = "widget-controller" },
                FirstTimestamp = DateTime.UtcNow,
                LastTimestamp = DateTime.UtcNow,
                Count = 1,
            },
            "default");
}
