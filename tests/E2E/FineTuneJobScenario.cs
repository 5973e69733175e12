using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeTune.E2E.Tests.Support;
using KubeTune.Operator.Tests.Packaging;
using KubeTune.Contracts;

namespace KubeTune.E2E.Tests;

/// <summary>
/// What a user does after installing: kubectl apply -k config/default, apply a FineTuneJob, watch it succeed, look at
/// its status, Events and the operator's metrics. The same steps on every cluster.
/// </summary>
internal sealed class FineTuneJobScenario(IE2ECluster cluster, string workDirectory)
{
    private readonly KubectlClient kubectl = new(cluster.KubeconfigPath, workDirectory);

    public IReadOnlyList<JsonObject> Installed { get; private set; } = [];

    /// <summary>Renders config/default (no cluster needed) so the fixture can read the install's settings first.</summary>
    public async Task RenderAsync()
    {
        var rendered = (await kubectl.RunAsync("kustomize", "config/default")).ShouldSucceed().Stdout;
        Installed = YamlJson.ParseDocuments(rendered, "kubectl kustomize config/default").Select(document => document.Json).OfType<JsonObject>().ToList();
    }

    public async Task InstallAsync()
    {
        if (Installed.Count == 0)
        {
            await RenderAsync();
        }

        (await kubectl.RunAsync("apply", "-k", "config/default")).ShouldSucceed();
        (await kubectl.RunAsync("wait", "--for=condition=Established", "crd/finetunejobs.kubetune.io", "--timeout=60s")).ShouldSucceed();
        await cluster.StartOperatorAsync(DeploymentEnvironment());
    }

    public IReadOnlyDictionary<string, string?> DeploymentEnvironment()
    {
        var deployment = Installed.Single(item => item["kind"]!.GetValue<string>() == "Deployment");
        return deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(variable => variable!["name"]!.GetValue<string>(), variable => variable!["value"]?.GetValue<string>());
    }

    public async Task<JsonObject> RunTinyJobAsync(TimeSpan deadline)
    {
        await cluster.StageClaimAsync(TinyJob.Claim, TinyJob.StageFiles(workDirectory));
        var manifest = Path.Combine(workDirectory, "job.yaml");
        await File.WriteAllTextAsync(manifest, TinyJob.Manifest);
        (await kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = JsonNode.Parse((await kubectl.RunAsync("get", "finetunejob", TinyJob.Name, "-o", "json")).ShouldSucceed().Stdout)!.AsObject();
            var phase = job["status"]?["phase"]?.GetValue<string>();
            if (phase == "Succeeded")
            {
                return job;
            }

            if (phase == "Failed" || clock.Elapsed > deadline)
            {
                Assert.Fail($"{cluster.Name}: FineTuneJob {TinyJob.Name} is {phase ?? "without a phase"} after {clock.Elapsed.TotalSeconds:0} s\n" +
                    $"status: {job["status"]?.ToJsonString()}\n{await cluster.DiagnosticsAsync()}");
            }

            // Poll like `kubectl get -w` would show it; the trainer takes seconds.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    public async Task<IReadOnlyList<string>> EventReasonsAsync()
    {
        // Filtered here rather than with --field-selector, which not every API server (the dev cluster) supports for events.
        var events = JsonNode.Parse((await kubectl.RunAsync("get", "events", "-o", "json")).ShouldSucceed().Stdout)!;
        return events["items"]!.AsArray()
            .Where(item => item!["involvedObject"]?["kind"]?.GetValue<string>() == "FineTuneJob" && item["involvedObject"]?["name"]?.GetValue<string>() == TinyJob.Name)
            .Select(item => item!["reason"]?.GetValue<string>() ?? "")
            .ToList();
    }

    /// <summary>What the rendered Roles and ClusterRoles allow.</summary>
    public IReadOnlySet<Permission> GrantedPermissions() => RbacRules.OfRoles(Installed, "config/default").ToHashSet();
}
