using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.DevCluster;
using KubeTune.DevCluster.Faults;
using KubeTune.DevCluster.Jobs;
using KubeTune.DevCluster.Storage;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Tests.Controllers.Integration;
using KubeTune.Operator.Tests.Runtime;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>
/// One chaos run: a dev cluster with random API faults and cut watches, one fake-trainer FineTuneJob per plan, and an
/// operator replica stopped and restarted at random points until every job has finished or the deadline passed.
/// </summary>
internal static class ChaosRun
{
    public const string Namespace = "kt-chaos";
    private static readonly GroupVersionResource FineTuneJobs = new(FineTuneJob.Group, FineTuneJob.Version, FineTuneJob.Plural);

    public static async Task<ChaosFigures> RunAsync(ChaosSettings settings, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var plans = ChaosJobPlan.Draw(settings.Jobs, new Random(settings.Seed), settings.FailingShare);
        log($"chaos: seed {settings.Seed} ({ChaosSettings.SeedVariable}={settings.Seed} repeats it), {settings.Jobs} jobs, fault rate {settings.FaultRate}");
        long apiRequests = 0;
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubetune-chaos-{Guid.NewGuid():N}.yaml");
        await using var cluster = await DevClusterHost.StartAsync(new DevClusterOptions
        {
            RunJobs = true,
            Workloads = new WorkloadOptions
            {
                PodFailureBackoff = TimeSpan.FromMilliseconds(50),
                ImageCommands = plans.ToDictionary(plan => plan.Image, plan => plan.Command, StringComparer.Ordinal),
            },
            OnRequest = _ => Interlocked.Increment(ref apiRequests),
        });
        try
        {
            cluster.WriteKubeconfig(kubeconfig);
            using var client = new Kubernetes(cluster.ClientConfiguration);
            await DevClusterResources.InstallFineTuneJobCrdAsync(client);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
            await using var created = new JobCreationLog(cluster.Store, Namespace);
            cluster.Faults.Random = new RandomFaults(settings.FaultRate, ChaosSettings.FaultCodes, ChaosSettings.WatchCut.Min, ChaosSettings.WatchCut.Max, settings.Seed);

            var churn = new OperatorChurn(kubeconfig, Namespace, new Random(settings.Seed + 1), () => Interlocked.Read(ref apiRequests), () => created.Changes);
            using var stopChurn = new CancellationTokenSource();
            var churning = churn.RunAsync(stopChurn.Token);
            Dictionary<string, FineTuneJob?> finals;
            try
            {
                foreach (var plan in plans)
                {
                    await CreateAsync(client, cluster.Store, ReconcilerCluster.NewJob(Namespace, plan.Name, plan.Image));
                }

                finals = await WaitForFinalAsync(cluster.Store, plans, clock.Elapsed + settings.Deadline, clock);
            }
            finally
            {
                await stopChurn.CancelAsync();
                await (await churning).DisposeAsync();
            }

            var faults = cluster.Faults.Injected;
            cluster.Faults.Random = null;
            return Judge(settings, plans, finals, created.CreatedByName(), churn.Kills, faults, clock.Elapsed);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static ChaosFigures Judge(ChaosSettings settings, IReadOnlyList<ChaosJobPlan> plans, Dictionary<string, FineTuneJob?> finals, IReadOnlyDictionary<string, int> created, int kills, long faults, TimeSpan wall)
    {
        var problems = new List<string>();
        int duplicates = 0, lost = 0, incomplete = 0;
        foreach (var plan in plans)
        {
            var jobs = created.GetValueOrDefault(plan.Name);
            if (jobs > 1)
            {
                duplicates++;
                problems.Add($"{plan.Name}: {jobs} Jobs created");
            }

            var job = finals[plan.Name];
            if (job?.Status?.Phase is not (FineTuneJobPhase.Succeeded or FineTuneJobPhase.Failed))
            {
                lost++;
                problems.Add($"{plan.Name}: never finished; last status {KubernetesJson.Serialize(job?.Status)}");
            }
            else if (Incomplete(plan, job) is { } why)
            {
                incomplete++;
                problems.Add($"{plan.Name}: {why}; status {KubernetesJson.Serialize(job.Status)}");
            }
        }

        return new ChaosFigures(
            settings.Seed,
            plans.Count,
            finals.Values.Count(job => job?.Status?.Phase == FineTuneJobPhase.Succeeded),
            finals.Values.Count(job => job?.Status?.Phase == FineTuneJobPhase.Failed),
            kills,
            faults,
            duplicates,
            lost,
            incomplete,
            wall,
            problems);
    }

    // What a user would find missing from a finished job's status; null when it is complete.
    private static string? Incomplete(ChaosJobPlan plan, FineTuneJob job)
    {
        var status = job.Status!;
        if (plan.Fails)
        {
            return ReconcilerCluster.Has(job, ConditionTypes.Failed, ConditionReasons.InvalidInput) && status.Phase == FineTuneJobPhase.Failed
                ? null
                : "expected Failed with reason InvalidInput";
        }

        return status switch
        {
            { Phase: not FineTuneJobPhase.Succeeded } => "expected Succeeded",
            { Progress: not { Percent: 100 } } => "progress is not 100 %",
            _ when status.Progress.Step != plan.Steps || status.Progress.TotalSteps != plan.Steps => $"progress is not at the final step {plan.Steps}",
            { Output: null } => "no status.output",
            _ when status.Output.Uri != job.Spec.Output.Uri || status.Output.SizeBytes != ChaosJobPlan.OutputBytes => "status.output is not the spec's location with the trainer's size",
            _ => null,
        };
    }

    // The test's own requests meet the faults too: retry until the object is stored.
    private static async Task CreateAsync(Kubernetes client, ClusterStore store, FineTuneJob job)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(job, FineTuneJob.Group, FineTuneJob.Version, Namespace, FineTuneJob.Plural);
                return;
            }
            catch (HttpOperationException) when (attempt < 50)
            {
                if (store.TryGet(FineTuneJobs, Namespace, job.Metadata.Name) is not null)
                {
                    return;
                }
            }
        }
    }

    // Finished, and when Succeeded completed too (the completion may follow the phase by a moment; it must not stay missing).
    private static bool Settled(FineTuneJob? job) =>
        job?.Status?.Phase == FineTuneJobPhase.Failed || (job?.Status?.Phase == FineTuneJobPhase.Succeeded && FinalStatus.IsComplete(job));

    // Reads the store directly (no faults) until every job has settled or the deadline passes.
    private static async Task<Dictionary<string, FineTuneJob?>> WaitForFinalAsync(ClusterStore store, IReadOnlyList<ChaosJobPlan> plans, TimeSpan deadline, Stopwatch clock)
    {
        while (true)
        {
            var jobs = plans.ToDictionary(plan => plan.Name, plan => store.TryGet(FineTuneJobs, Namespace, plan.Name) is { } stored ? KubernetesJson.Deserialize<FineTuneJob>(stored.ToJsonString()) : null, StringComparer.Ordinal);
            if (jobs.Values.All(Settled) || clock.Elapsed > deadline)
            {
                return jobs;
            }

            await Task.Delay(100);
        }
    }
}
