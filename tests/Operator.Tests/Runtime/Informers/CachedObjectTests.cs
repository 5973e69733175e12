using System.Text.Json;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Tests.Controllers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class CachedObjectTests
{
    [Fact]
    public void Value_PackedFineTuneJobWithFullStatus_ReadsBackEveryField()
    {
        var job = FullJob();

        var cached = CachedObject<FineTuneJob>.Of(job, pack: true);

        Assert.Equal(KubernetesJson.Serialize(job), KubernetesJson.Serialize(cached.Value));
        Assert.NotSame(cached.Value, cached.Value);
    }

    [Fact]
    public void Summary_PackedFineTuneJob_KeyPhaseAndMetricSectionsWithoutUnpacking()
    {
        var job = FullJob();

        var summary = Assert.IsType<FineTuneJobSummary>(CachedObject<FineTuneJob>.Of(job, pack: true, FineTuneJobSummary.Of).Summary);

        Assert.Equal(("team-a", "bert-sst2", FineTuneJobPhase.Running, 2), (summary.Namespace, summary.Name, summary.Phase, summary.Restarts));
        Assert.Equal(120, summary.Progress!.Step);
        Assert.Equal(0.43, summary.Metrics!.TrainLoss);
        Assert.Equal(["bert-sst2-t0"], summary.Trials.Select(trial => trial.Name));
    }

    private static FineTuneJob FullJob()
    {
        var job = TestObjects.FineTuneJob();
        job.Metadata.Labels = new Dictionary<string, string> { ["team"] = "nlp" };
        job.Status = new FineTuneJobStatus
        {
            Phase = FineTuneJobPhase.Running,
            ObservedGeneration = 1,
            Restarts = 2,
            StartTime = TestObjects.Now,
            Conditions = [new V1Condition { Type = "Ready", Status = "False", Reason = "Training", Message = "step 120 of 400", LastTransitionTime = TestObjects.Now, ObservedGeneration = 1 }],
            Progress = new TrainingProgress { Step = 120, Percent = 30, Epoch = 0.9, EtaSeconds = 310, TokensPerSecond = 5120.5 },
            Metrics = new TrainingMetrics { TrainLoss = 0.43, EvalLoss = 0.39, LearningRate = 2e-4 },
            Trials = [new TrialStatus { Name = "bert-sst2-t0", Phase = TrialPhase.Running, Objective = 0.39, Parameters = new Dictionary<string, JsonElement> { ["learningRate"] = JsonSerializer.SerializeToElement(2e-4) } }],
        };
        return job;
    }
}
