using System.Text.Json.Nodes;
using KubeTune.E2E.Tests.Support;
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
