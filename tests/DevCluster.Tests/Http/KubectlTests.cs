using k8s;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;
using KubeTune.Contracts;

namespace KubeTune.DevCluster.Tests.Http;

public sealed class KubectlTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    [Fact]
    public async Task ApplyCrdThenCustomResourceTwice_SecondApplyIsUnchangedAndGenerationStays()
    {
        var name = Names.Unique("w");
        var manifest = WriteWidgetManifest(name, size: 3);

        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        var first = (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();
        var second = (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();

        Assert.Contains($"widget.test.kubetune.io/{name} created", first.Stdout, StringComparison.Ordinal);
        Assert.Contains($"widget.test.kubetune.io/{name} unchanged", second.Stdout, StringComparison.Ordinal);
        var stored = cluster.Host.Store.Get(new GroupVersionResource("test.kubetune.io", "v1", "widgets"), "default", name);
        Assert.Equal(1, ObjectMetadata.Generation(stored));
    }

    [Fact]
    public async Task ApplyChangedSpec_ReportsConfiguredAndBumpsGeneration()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 3))).ShouldSucceed();

        var changed = (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 4))).ShouldSucceed();

        Assert.Contains("configured", changed.Stdout, StringComparison.Ordinal);
        var stored = cluster.Host.Store.Get(new GroupVersionResource("test.kubetune.io", "v1", "widgets"), "default", name);
        Assert.Equal(2, ObjectMetadata.Generation(stored));
        Assert.Equal(4, stored["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task WaitForEstablished_CrdAlreadyEstablished_ReturnsAtOnce()
    {
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // kubectl's informer waits until its watch is open: a watch that sends no headers before its first event stalls it.
        var result = (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.test.kubetune.io", "--timeout=20s")).ShouldSucceed();

        Assert.Contains("condition met", result.Stdout, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"kubectl wait took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Get_ShowsPrinterColumnsByShortName()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 6))).ShouldSucceed();

        var result = (await _kubectl.RunAsync("get", "wg", name)).ShouldSucceed();

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+PHASE\s+SIZE\s+AGE$", lines[0]);
        Assert.Matches($@"^{name}\s+6\s+\d+s$", lines[1]);
    }

    [Fact]
    public async Task GetOutputYaml_ShowsObjectWithDefaultsAndMetadata()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 2))).ShouldSucceed();

        var yaml = (await _kubectl.RunAsync("get", "widgets", name, "-o", "yaml")).ShouldSucceed().Stdout;

        var obj = YamlJson.Parse(yaml, "kubectl get -o yaml")!;
        Assert.Equal("Widget", obj["kind"]!.ToString());
        Assert.Equal("blue", obj["spec"]!["color"]!.ToString());
        Assert.NotNull(obj["metadata"]!["uid"]);
        Assert.NotNull(obj["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task GetWatch_SeesStatusChangeMadeThroughTheClient()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 2))).ShouldSucceed();
        using var watch = _kubectl.Start("get", "widgets", name, "--watch");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var header = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            var initial = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            // kubectl watches a single object from resourceVersion 0 and drops the first event, so change it only once the watch is open.
            await Eventually.TrueAsync(() => cluster.Host.Store.OpenWatches(new GroupVersionResource("test.kubetune.io", "v1", "widgets")) > 0, "kubectl's watch on widgets");
            await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new k8s.Models.V1Patch("""{"status":{"phase":"Training"}}""", k8s.Models.V1Patch.PatchType.MergePatch), "test.kubetune.io", "v1", "default", "widgets", name, cancellationToken: timeout.Token);
            var changed = await watch.StandardOutput.ReadLineAsync(timeout.Token);

            Assert.Matches(@"^NAME\s+PHASE", header);
            Assert.StartsWith(name, initial, StringComparison.Ordinal);
            Assert.Matches($@"^{name}\s+Training\s+2\s+", changed);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Delete_RemovesTheCustomResource()
    {
        var name = Names.Unique("w");
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", WriteWidgetManifest(name, size: 2))).ShouldSucceed();

        var deleted = (await _kubectl.RunAsync("delete", "widget", name)).ShouldSucceed();
        var missing = await _kubectl.RunAsync("get", "widget", name);

        Assert.Contains($"widget.test.kubetune.io \"{name}\" deleted", deleted.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("NotFound", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyBuiltInPodTwiceWithChange_StrategicMergeKeepsContainers()
    {
        var name = Names.Unique("pod");
        var manifest = Path.Combine(cluster.Directory, name + ".yaml");
        await File.WriteAllTextAsync(manifest, PodYaml(name, "1"));
        (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();
        await File.WriteAllTextAsync(manifest, PodYaml(name, "2"));

        var changed = (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();

        Assert.Contains("configured", changed.Stdout, StringComparison.Ordinal);
        var pod = cluster.Host.Store.Get(GroupVersionResource.Pods, "default", name);
        var container = Assert.Single(pod["spec"]!["containers"]!.AsArray())!;
        Assert.Equal("2", container["env"]![0]!["value"]!.ToString());
        Assert.Equal("busybox", container["image"]!.ToString());
    }

    [Fact]
    public async Task Explain_CustomResourceField_PrintsSchemaDescription()
    {
        (await _kubectl.RunAsync("apply", "-f", TestResources.WidgetCrdPath)).ShouldSucceed();

        var result = (await _kubectl.RunAsync("explain", "widget.spec.size")).ShouldSucceed();

        Assert.Contains("How big the widget is.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FineTuneJobCrdAndSamples_ApplyTwiceUnchangedAndListWithPrinterColumns()
    {
        Assert.True(File.Exists(TestResources.FineTuneJobCrdPath), $"missing {TestResources.FineTuneJobCrdPath}");
        var samples = Path.Combine(RepositoryRoot.Path, "config", "samples");
        // The README applies the whole folder; a stray manifest there (such as a kustomization.yaml) breaks it.
        (await _kubectl.RunAsync("apply", "-f", Path.GetDirectoryName(TestResources.FineTuneJobCrdPath)!)).ShouldSucceed();

        var first = (await _kubectl.RunAsync("apply", "-f", samples)).ShouldSucceed();
        var second = (await _kubectl.RunAsync("apply", "-f", samples)).ShouldSucceed();
        var listed = (await _kubectl.RunAsync("get", "ftj")).ShouldSucceed();

        Assert.Contains("created", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("configured", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"^NAME\s+PHASE\s+PROGRESS\s+LOSS\s+ETA\s+AGE", listed.Stdout);
        var jobs = cluster.Host.Store.List(new GroupVersionResource("kubetune.io", "v1alpha1", "finetunejobs"), null);
        Assert.NotEmpty(jobs.Items);
        Assert.All(jobs.Items, job => Assert.Equal(1, ObjectMetadata.Generation(job)));
    }

    private string WriteWidgetManifest(string name, int size)
    {
        var path = Path.Combine(cluster.Directory, $"{name}-{size}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: test.kubetune.io/v1
            kind: Widget
            metadata:
              name: {name}
            spec:
              size: {size}
            """);
        return path;
    }

    private static string PodYaml(string name, string value) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
        spec:
          containers:
          - name: main
            image: busybox
            env:
            - name: VALUE
              value: "{value}"
        """;
}
