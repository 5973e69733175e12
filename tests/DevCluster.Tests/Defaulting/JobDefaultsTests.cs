using k8s;
using k8s.Models;
using KubeTune.DevCluster.Storage;
using KubeTune.DevCluster.Tests.Support;

namespace KubeTune.DevCluster.Tests.Defaulting;

public sealed class JobDefaultsTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private readonly Kubectl _kubectl = new(cluster);

    private static V1Job Job(string name, IDictionary<string, string>? templateLabels = null) => new()
    {
        Metadata = new() { Name = name },
        Spec = new()
        {
            Template = new()
            {
                Metadata = new() { Labels = templateLabels },
                Spec = new() { RestartPolicy = "Never", Containers = [new() { Name = "main", Image = "busybox:1.36" }] },
            },
        },
    };

    [Fact]
    public async Task Create_JobWithoutSelectorOrDefaults_GetsGeneratedSelectorLabelsAndApiDefaults()
    {
        var name = Names.Unique("job");

        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(Job(name, new Dictionary<string, string> { ["app"] = "demo" }), "default");

        var uid = job.Metadata.Uid;
        Assert.Equal(new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = uid }, job.Spec.Selector.MatchLabels);
        var labels = job.Spec.Template.Metadata.Labels;
        Assert.Equal(uid, labels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal(uid, labels["controller-uid"]);
        Assert.Equal(name, labels["batch.kubernetes.io/job-name"]);
        Assert.Equal(name, labels["job-name"]);
        Assert.Equal("demo", labels["app"]);
        Assert.Equal(labels, job.Metadata.Labels);
        Assert.Equal(6, job.Spec.BackoffLimit);
        Assert.Equal(1, job.Spec.Completions);
        Assert.Equal(1, job.Spec.Parallelism);
        Assert.False(job.Spec.Suspend);
        Assert.False(job.Spec.ManualSelector);
        Assert.Equal("NonIndexed", job.Spec.CompletionMode);
        Assert.Equal("TerminatingOrFailed", job.Spec.PodReplacementPolicy);
        var podSpec = job.Spec.Template.Spec;
        Assert.Equal("Never", podSpec.RestartPolicy);
        Assert.Equal(30, podSpec.TerminationGracePeriodSeconds);
        Assert.Equal("ClusterFirst", podSpec.DnsPolicy);
        Assert.Equal("default-scheduler", podSpec.SchedulerName);
        Assert.Equal("IfNotPresent", podSpec.Containers[0].ImagePullPolicy);
        Assert.Equal("/dev/termination-log", podSpec.Containers[0].TerminationMessagePath);
    }

    [Fact]
    public async Task Create_JobWithOwnLabelsAndWorkQueueParallelism_KeepsThemAndLeavesCompletionsUnset()
    {
        var name = Names.Unique("job");
        var request = Job(name);
        request.Metadata.Labels = new Dictionary<string, string> { ["team"] = "ml" };
        request.Spec.Parallelism = 3;
        request.Spec.BackoffLimit = 0;

        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(request, "default");

        Assert.Equal(new Dictionary<string, string> { ["team"] = "ml" }, job.Metadata.Labels);
        Assert.Null(job.Spec.Completions);
        Assert.Equal(3, job.Spec.Parallelism);
        Assert.Equal(0, job.Spec.BackoffLimit);
    }

    [Fact]
    public async Task Create_ManualSelector_SelectorAndTemplateLabelsLeftAsGiven()
    {
        var name = Names.Unique("job");
        var request = Job(name, new Dictionary<string, string> { ["pick"] = name });
        request.Spec.ManualSelector = true;
        request.Spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["pick"] = name } };

        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(request, "default");

        Assert.Equal(new Dictionary<string, string> { ["pick"] = name }, job.Spec.Selector.MatchLabels);
        Assert.Equal(new Dictionary<string, string> { ["pick"] = name }, job.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public async Task Update_BodyWithoutDefaultedFields_KeepsSelectorAndGeneration()
    {
        var name = Names.Unique("job");
        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(Job(name), "default");
        var replacement = Job(name);
        replacement.Metadata.Labels = created.Metadata.Labels;
        replacement.Metadata.ResourceVersion = created.Metadata.ResourceVersion;

        var updated = await cluster.Client.BatchV1.ReplaceNamespacedJobAsync(replacement, name, "default");

        Assert.Equal(created.Spec.Selector.MatchLabels, updated.Spec.Selector.MatchLabels);
        Assert.Equal(created.Spec.Template.Metadata.Labels, updated.Spec.Template.Metadata.Labels);
        Assert.Equal(6, updated.Spec.BackoffLimit);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task KubectlApply_SameJobTwice_SecondIsUnchangedAndGenerationStays()
    {
        var name = Names.Unique("job");
        var manifest = Path.Combine(cluster.Directory, name + ".yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: {{name}}
            spec:
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  restartPolicy: Never
                  containers:
                  - name: main
                    image: busybox
                    command: ["true"]
            """);

        var first = (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();
        var second = (await _kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();

        Assert.Contains($"job.batch/{name} created", first.Stdout, StringComparison.Ordinal);
        Assert.Contains($"job.batch/{name} unchanged", second.Stdout, StringComparison.Ordinal);
        var stored = cluster.Host.Store.Get(GroupVersionResource.Jobs, "default", name);
        Assert.Equal(1, ObjectMetadata.Generation(stored));
        Assert.Equal("Always", stored["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.ToString());
    }
}
