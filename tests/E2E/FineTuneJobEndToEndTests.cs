using System.Text.Json.Nodes;
using KubeTune.DevCluster.Pods;
using KubeTune.E2E.Tests.Support;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Tests.Packaging;

namespace KubeTune.E2E.Tests;

/// <summary>Install, run a tiny CPU FineTuneJob to Succeeded, check status, Events, metrics (and, where recorded, RBAC).</summary>
public sealed class FineTuneJobEndToEndTests
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TinyJob_OnDevCluster_SucceedsWithStatusEventsMetricsAndOnlyGrantedApiCalls()
    {
        var work = Directory.CreateTempSubdirectory("kubetune-e2e-work-").FullName;
        try
        {
            await using var cluster = new DevClusterE2E();
            var scenario = new FineTuneJobScenario(cluster, work);
            await scenario.RenderAsync();
            await cluster.StartAsync(scenario.DeploymentEnvironment()["KUBETUNE_TRAINERIMAGE"]!);

            await scenario.InstallAsync();
            var job = await scenario.RunTinyJobAsync(JobDeadline);

            await AssertSucceededAsync(cluster, scenario, job);
            var granted = scenario.GrantedPermissions();
            var calls = cluster.OperatorRequests!.Select(call => new Permission(call.Group, call.RbacResource, call.Verb)).ToHashSet();
            Assert.Contains(new Permission("batch", "jobs", "create"), calls);
            var denied = calls.Where(call => !granted.Contains(call)).Select(call => call.ToString()).ToList();
            Assert.True(denied.Count == 0, "the operator made calls config/rbac does not allow:\n" + string.Join('\n', denied));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [SkippableFact]
    public async Task TinyJob_OnDevClusterWithPodmanRuntime_SucceedsThroughRealContainers()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ContainerImages.Trainer);
        Skip.If(reason is not null, reason);
        var work = Directory.CreateTempSubdirectory("kubetune-e2e-work-").FullName;
        try
        {
            await using var cluster = new DevClusterE2E(ContainerRuntimeKind.Podman);
            var scenario = new FineTuneJobScenario(cluster, work);
            await scenario.RenderAsync();
            await cluster.StartAsync(scenario.DeploymentEnvironment()["KUBETUNE_TRAINERIMAGE"]!);

            await scenario.InstallAsync();
            var job = await scenario.RunTinyJobAsync(JobDeadline);

            await AssertSucceededAsync(cluster, scenario, job);
            await AssertWrittenByThePodsUserAsync(cluster);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [SkippableFact]
    public async Task TinyJob_OperatorImageOnDevClusterWithPodmanRuntime_HealthzAnswersAndJobSucceeds()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ContainerImages.Operator) ?? await ContainerImages.ReasonToSkipAsync(ContainerImages.Trainer);
        Skip.If(reason is not null, reason);
        var work = Directory.CreateTempSubdirectory("kubetune-e2e-work-").FullName;
        try
        {
            await using var cluster = new DevClusterE2E(ContainerRuntimeKind.Podman, operatorInContainer: true);
            var scenario = new FineTuneJobScenario(cluster, work);
            await scenario.RenderAsync();
            await cluster.StartAsync(scenario.DeploymentEnvironment()["KUBETUNE_TRAINERIMAGE"]!);

            await scenario.InstallAsync();
            await Eventually.TrueAsync(
                async () => (await TryHealthzAsync(cluster)).Status == 200,
                "the operator container's /healthz to answer 200",
                TimeSpan.FromSeconds(60));
            var job = await scenario.RunTinyJobAsync(JobDeadline);

            await AssertSucceededAsync(cluster, scenario, job);
            Assert.Contains(new Permission("batch", "jobs", "create"), cluster.OperatorRequests!.Select(call => new Permission(call.Group, call.RbacResource, call.Verb)));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [SkippableFact]
    public async Task TinyJob_OnK3s_SucceedsWithStatusEventsAndMetrics()
    {
        var reason = await DockerEngine.ReasonToSkipAsync();
        Skip.If(reason is not null, $"K3s needs a container engine that can pull images: {reason}");

        var work = Directory.CreateTempSubdirectory("kubetune-e2e-work-").FullName;
        try
        {
            await using var cluster = new K3sE2E();
            await cluster.StartAsync();
            var scenario = new FineTuneJobScenario(cluster, work);

            await scenario.InstallAsync();
            var job = await scenario.RunTinyJobAsync(JobDeadline);

            await AssertSucceededAsync(cluster, scenario, job);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Status, string Body)> TryHealthzAsync(DevClusterE2E cluster)
    {
        try
        {
            return await cluster.HealthzAsync();
        }
        catch (HttpRequestException error)
        {
            // Not listening yet.
            return (0, error.Message);
        }
    }

    // A process pod would write as this test's user; a container honouring runAsUser writes as the pod's user.
    private static async Task AssertWrittenByThePodsUserAsync(DevClusterE2E cluster)
    {
        var model = Path.Combine(cluster.ClaimsDirectory, TinyJob.Claim, "output", "model.safetensors");
        var owner = await Commands.RunAsync("stat", ["--format", "%u", model], TimeSpan.FromSeconds(10));
        Assert.Equal(TrainerJobBuilder.NonRootUser.ToString(System.Globalization.CultureInfo.InvariantCulture), owner.Stdout.Trim());
    }

    private static async Task AssertSucceededAsync(IE2ECluster cluster, FineTuneJobScenario scenario, JsonObject job)
    {
        var status = job["status"]!;
        var succeeded = status["conditions"]!.AsArray().Single(condition => condition!["type"]!.GetValue<string>() == "Succeeded")!;
        Assert.Equal("True", succeeded["status"]!.GetValue<string>());
        Assert.NotNull(status["completionTime"]);
        Assert.Equal($"pvc://{TinyJob.Claim}/output", status["output"]?["uri"]?.GetValue<string>());
        Assert.True(status["progress"]?["step"]?.GetValue<long>() > 0, $"{cluster.Name}: no training progress in status: {status.ToJsonString()}");

        Assert.Contains("Succeeded", await scenario.EventReasonsAsync());

        var metrics = await cluster.ScrapeMetricsAsync();
        Assert.Contains("kubetune_reconcile_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("kubetune_jobs{", StringComparison.Ordinal) && line.Contains("phase=\"Succeeded\"", StringComparison.Ordinal));
    }
}
