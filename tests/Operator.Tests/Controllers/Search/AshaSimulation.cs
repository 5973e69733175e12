using System.Text.Json;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Operator.Tests.Controllers.Search;

/// <summary>
/// Drives <see cref="SearchPlanner"/> as the reconciler and a cluster would, one trial Job at a time: a created Job runs
/// (its trainer reports the objective at the Job's last step), then completes. <c>restartEveryPass</c> forgets every
/// report after each pass, as an operator restarted between every two passes would.
/// </summary>
internal sealed class AshaSimulation(Func<IReadOnlyDictionary<string, JsonElement>, long, double> objective, bool restartEveryPass = false)
{
    private readonly Dictionary<int, V1Job> jobs = [];
    private readonly Dictionary<string, TrialHistory> histories = new(StringComparer.Ordinal);

    /// <summary>Steps each trial Job trained: a promoted trial's Job starts after its previous rung's last step.</summary>
    public List<(string Job, long From, long To)> Trained { get; } = [];

    public List<string> Events { get; } = [];

    /// <summary>The most trial Jobs that ran at once.</summary>
    public int MostActive { get; private set; }

    public FineTuneJob Run(FineTuneJob job, int maxPasses = 500)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var plan = SearchPlanner.Plan(new SearchInputs(job, new Dictionary<int, V1Job>(jobs), new Dictionary<string, TrialHistory>(histories), TestObjects.Now));
            job.Status = KubernetesJson.Deserialize<FineTuneJobStatus>(KubernetesJson.Serialize(plan.Status));
            Events.AddRange(plan.Events.Select(recorded => recorded.Message));
            if (plan.Status.Phase is FineTuneJobPhase.Succeeded or FineTuneJobPhase.Failed)
            {
                return job;
            }

            if (restartEveryPass)
            {
                histories.Clear();
            }

            if (!Advance(job, plan))
            {
                throw new InvalidOperationException("the search made no progress");
            }
        }

        throw new InvalidOperationException($"the search did not finish in {maxPasses} passes");
    }

    /// <summary>Starts the created trials; else completes the running Jobs. False when nothing moved.</summary>
    private bool Advance(FineTuneJob job, SearchPlan plan)
    {
        var name = job.Metadata.Name;
        foreach (var k in plan.Create)
        {
            var trial = plan.Status.Trials!.Single(status => status.Name == TrialNames.NameOf(name, k));
            var rung = trial.Rung ?? 0;
            var end = AshaRungs.StopAt(job.Spec, rung) ?? job.Spec.Hyperparameters!.MaxSteps!.Value;
            var start = rung == 0 ? 0 : AshaRungs.Budgets(job.Spec)[rung - 1];
            Trained.Add((TrialNames.JobNameOf(name, k, rung), start + 1, end));
            jobs[k] = new V1Job
            {
                Metadata = new V1ObjectMeta { Name = TrialNames.JobNameOf(name, k, rung), Labels = new Dictionary<string, string> { [TrialNames.RungLabel] = rung.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                Status = new V1JobStatus { Active = 1 },
            };
            var before = histories.GetValueOrDefault(trial.Name)?.Points ?? [];
            histories[trial.Name] = new TrialHistory(trial.Name, [.. before, new TrialMetricPoint(end, EvalLoss: objective(trial.Parameters!.ToDictionary(), end))], end, job.Spec.Hyperparameters!.MaxSteps!.Value, null, true);
        }

        MostActive = Math.Max(MostActive, jobs.Values.Count(trialJob => trialJob.Status.Active > 0));
        if (plan.Create.Count > 0)
        {
            return true;
        }

        var running = jobs.Values.Where(trialJob => trialJob.Status.Active > 0).ToList();
        foreach (var trialJob in running)
        {
            trialJob.Status = new V1JobStatus { Active = 0, Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
        }

        return running.Count > 0;
    }
}
