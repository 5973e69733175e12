using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Tests.Controllers.Status;

public sealed class FinalStatusTests
{
    [Fact]
    public void CompletionPatch_SucceededWithoutTheFinalReport_ProgressMetricsCheckpointFromTheSummaryOutputFromTheSpec()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = new FineTuneJobStatus { Progress = new TrainingProgress { Step = 84, TotalSteps = 400, Percent = 21, EtaSeconds = 39 } };
        var pod = TestObjects.FailedPod("p1", 0, "Completed");
        pod.Status.Phase = "Succeeded";
        var summary = new FinalSummary(ReportPhase.Completed, 400, 400, 0.12, new ProgressEvaluation(400, 0.3, 0.9), new ProgressOutput("pvc://evil/../../etc", "safetensors", 4096), new ProgressCheckpoint(400, "pvc://models/ckpt/checkpoint-400", null));
        pod.Status.ContainerStatuses[0].State.Terminated.Message = TerminationMessage.Serialize(summary);

        var patch = FinalStatus.CompletionPatch(job, FineTuneJobPhase.Succeeded, TestObjects.TrainerJob(conditionType: "Complete"), [pod], TestObjects.Now)!["status"]!;

        Assert.Equal((400L, 100.0, 0L), ((long)patch["progress"]!["step"]!, (double)patch["progress"]!["percent"]!, (long)patch["progress"]!["etaSeconds"]!));
        Assert.Equal(0.3, (double)patch["metrics"]!["evalLoss"]!);
        Assert.Equal("pvc://models/ckpt/checkpoint-400", (string)patch["checkpoint"]!["uri"]!);
        Assert.Equal(job.Spec.Output.Uri, (string)patch["output"]!["uri"]!);
        Assert.Equal(4096L, (long)patch["output"]!["sizeBytes"]!);
    }

    [Fact]
    public void CompletionPatch_SucceededPodGoneNoSummary_HundredPercentAtTheKnownTotalAndTheSpecsOutput()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = new FineTuneJobStatus { Progress = new TrainingProgress { Step = 131, TotalSteps = 400, Percent = 32.75 } };

        var complete = TestObjects.TrainerJob(conditionType: "Complete");

        var patch = FinalStatus.CompletionPatch(job, FineTuneJobPhase.Succeeded, complete, [], TestObjects.Now + FailureClassifier.PodCacheGrace)!["status"]!;

        Assert.Equal((400L, 100.0), ((long)patch["progress"]!["step"]!, (double)patch["progress"]!["percent"]!));
        Assert.Equal(job.Spec.Output.Uri, (string)patch["output"]!["uri"]!);
    }

    [Theory]
    [InlineData(FineTuneJobPhase.Running)]
    [InlineData(FineTuneJobPhase.Failed)]
    public void CompletionPatch_NotSucceeded_Nothing(string phase)
    {
        Assert.Null(FinalStatus.CompletionPatch(TestObjects.FineTuneJob(), phase, null, [], TestObjects.Now));
    }

    [Fact]
    public void CompletionPatch_AlreadyComplete_Nothing()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = new FineTuneJobStatus { Progress = new TrainingProgress { Step = 400, TotalSteps = 400, Percent = 100 }, Output = new OutputStatus { Uri = job.Spec.Output.Uri } };

        Assert.Null(FinalStatus.CompletionPatch(job, FineTuneJobPhase.Succeeded, null, [], TestObjects.Now));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public void AwaitsPodCache_JobCompleteButNoSucceededPodCached_WaitsOnlyWithinTheGrace(int secondsSinceComplete, bool waits)
    {
        var complete = TestObjects.TrainerJob(conditionType: "Complete");
        var stillRunning = TestObjects.RunningPod("p1");

        Assert.Equal(waits, FinalStatus.AwaitsPodCache(complete, [stillRunning], TestObjects.Now.AddSeconds(secondsSinceComplete)));
    }

    [Fact]
    public void CompletionPatch_JobCompleteButPodCacheLags_NothingYetSoTheSummaryIsNotLost()
    {
        var job = TestObjects.FineTuneJob();
        job.Status = new FineTuneJobStatus { Progress = new TrainingProgress { Step = 84, TotalSteps = 400, Percent = 21 } };

        Assert.Null(FinalStatus.CompletionPatch(job, FineTuneJobPhase.Succeeded, TestObjects.TrainerJob(conditionType: "Complete"), [TestObjects.RunningPod("p1")], TestObjects.Now));
    }
}
