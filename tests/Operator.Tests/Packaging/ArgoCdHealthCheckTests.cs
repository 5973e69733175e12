using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Controllers.Validation;
using KubeTune.Operator.Tests.Controllers;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>
/// config/argocd/health.lua run by the real lua5.1 on FineTuneJobs whose status the operator's own status calculator
/// computed, serialized as the operator writes them, and on objects an older operator left (phase only).
/// </summary>
public sealed class ArgoCdHealthCheckTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string, string> Scenarios => new()
    {
        // scenario, Argo CD health, a part of the message
        { "just applied", "Progressing", "waiting for the operator" },
        { "pending", "Progressing", "waiting for the trainer pod" },
        { "running", "Progressing", "PodRunning: the trainer pod is running" },
        { "restarting", "Progressing", "Restarting" },
        { "queued by kueue", "Progressing", "WaitingForQueue" },
        { "unschedulable", "Progressing", "Unschedulable" },
        { "suspended", "Suspended", "UserSuspended" },
        { "suspend requested, not yet observed", "Progressing", "observe generation 2" },
        { "succeeded", "Healthy", "Completed" },
        { "failed out of memory", "Degraded", "OOMKilled" },
        { "failed, then suspend set", "Degraded", "BackoffLimitExceeded" },
        { "invalid spec", "Degraded", "InvalidSpec: spec.model.uri" },
        { "phase only: Succeeded", "Healthy", "succeeded" },
        { "phase only: Failed", "Degraded", "DeadlineExceeded" },
        { "phase only: Running", "Progressing", "PodRunning" },
        { "phase only: Suspended", "Suspended", "spec.suspend" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task HealthLua_FineTuneJob_ArgoCdHealth(string scenario, string health, string message)
    {
        var json = KubernetesJson.Serialize(Job(scenario));

        var result = await ArgoCdHealth.OfAsync(json);

        Assert.Equal(health, result.Status);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthLua_NullFieldsAsApiServersWriteThem_ProgressingNotAnError()
    {
        var json = """{"apiVersion":"kubetune.io/v1alpha1","kind":"FineTuneJob","metadata":{"name":"a","generation":1},"spec":{"suspend":null},"status":{"phase":null,"conditions":null}}""";

        var result = await ArgoCdHealth.OfAsync(json);

        Assert.Equal(new ArgoCdHealth("Progressing", "phase not set yet"), result);
    }

    [Fact]
    public void ChartCopy_IsTheSameFileAsConfigArgoCd()
    {
        var inChart = ChartFiles.Text("files/argocd/health.lua");
        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ArgoCdHealth.ScriptPath));

        Assert.True(source == inChart, $"{ChartFiles.ChartDirectory}/files/argocd/health.lua differs from {ArgoCdHealth.ScriptPath}: run scripts/sync-chart-files.sh");
    }

    [Fact]
    public void ChartHook_OffByDefault_PatchesOnlyArgocdCm()
    {
        var values = ChartFiles.Values;
        var template = ChartFiles.Text(ChartRbac.ArgoCdHookTemplate);

        Assert.False(values["argocd"]!["healthCheck"]!["enabled"]!.GetValue<bool>());
        Assert.StartsWith("{{- if .Values.argocd.healthCheck.enabled }}", template.Split('\n').First(line => line.StartsWith("{{- if", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("resourceNames: [argocd-cm]\n    verbs: [get, patch]", template, StringComparison.Ordinal);
        Assert.Contains("\"resource.customizations.health.kubetune.io_FineTuneJob\" (.Files.Get \"files/argocd/health.lua\")", template, StringComparison.Ordinal);
        Assert.Contains("helm.sh/hook: {{ $hook }}", template, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KustomizeComponent_MergedIntoArgoCdsConfigMap_AddsTheScriptAndKeepsTheRest()
    {
        var directory = Directory.CreateTempSubdirectory("kubetune-argocd-");
        try
        {
            var relative = Path.GetRelativePath(directory.FullName, Path.Combine(RepositoryRoot.Path, "config", "argocd")).Replace('\\', '/');
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "kustomization.yaml"), $"resources: [argocd-cm.yaml]\ncomponents: [{relative}]\n");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "argocd-cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm, namespace: argocd}\ndata: {url: https://argocd.example.com}\n");

            var run = (await Kubectl.RunAsync("kustomize", directory.FullName)).ShouldSucceed();

            var data = Assert.IsType<JsonObject>(Assert.IsType<JsonObject>(KubeTune.Contracts.YamlJson.Parse(run.Stdout, "kubectl kustomize"))["data"]);
            Assert.Equal("https://argocd.example.com", data["url"]!.GetValue<string>());
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, ArgoCdHealth.ScriptPath)), data["resource.customizations.health.kubetune.io_FineTuneJob"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static FineTuneJob Job(string scenario)
    {
        var job = TestObjects.FineTuneJob();
        job.ApiVersion = $"{FineTuneJob.Group}/{FineTuneJob.Version}";
        job.Kind = "FineTuneJob";
        if (scenario == "just applied")
        {
            return job;
        }

        if (scenario.StartsWith("phase only: ", StringComparison.Ordinal))
        {
            job.Status = Computed(job, scenario["phase only: ".Length..] switch
            {
                "Succeeded" => "succeeded",
                "Failed" => "failed by deadline",
                "Running" => "running",
                _ => "suspended",
            });
            job.Spec.Suspend = job.Status.Phase == FineTuneJobPhase.Suspended;
            job.Status.Conditions = job.Status.Conditions!.Where(condition => !KstatusConditions.All.Contains(condition.Type)).ToList();
            return job;
        }

        job.Status = Computed(job, scenario.Split(',')[0]);
        if (scenario is "suspend requested, not yet observed" or "failed, then suspend set")
        {
            job.Spec.Suspend = true;
            job.Metadata.Generation = 2;
        }

        return job;
    }

    /// <summary>The status the operator's calculator writes for what it observes.</summary>
    private static FineTuneJobStatus Computed(FineTuneJob job, string scenario)
    {
        if (scenario == "suspended")
        {
            job.Spec.Suspend = true;
        }

        if (scenario == "queued by kueue")
        {
            job.Metadata.Labels = new Dictionary<string, string> { ["kueue.x-k8s.io/queue-name"] = "gpu-queue" };
        }

        IReadOnlyList<SpecProblem> problems = scenario == "invalid spec" ? [new SpecProblem("spec.model.uri", "'s3://x' has the unsupported scheme s3://")] : [];
        var (trainerJob, pods) = scenario switch
        {
            "pending" or "invalid spec" => (null, []),
            "running" or "suspend requested" => (TestObjects.TrainerJob(), [TestObjects.RunningPod("p1")]),
            "restarting" => (TestObjects.TrainerJob(), [TestObjects.FailedPod("p1", 1), TestObjects.RunningPod("p2")]),
            "queued by kueue" or "suspended" => (TestObjects.TrainerJob(suspend: true), []),
            "unschedulable" => (TestObjects.TrainerJob(), [TestObjects.UnschedulablePod("p1")]),
            "succeeded" => (TestObjects.TrainerJob(conditionType: "Complete"), []),
            "failed" => (TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded"), [TestObjects.FailedPod("p1", 1), TestObjects.FailedPod("p2", 1)]),
            "failed out of memory" => (TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "BackoffLimitExceeded"), [TestObjects.FailedPod("p1", 137, "OOMKilled")]),
            "failed by deadline" => (TestObjects.TrainerJob(conditionType: "Failed", conditionReason: "DeadlineExceeded"), new V1Pod[] { TestObjects.RunningPod("p1") }),
            _ => throw new ArgumentException($"unknown scenario {scenario}", nameof(scenario)),
        };
        return StatusCalculator.Compute(new StatusInputs(job, problems, trainerJob, pods, TestObjects.Now, Grace)).Status;
    }
}
