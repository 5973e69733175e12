using System.Text;

namespace KubeTune.Contracts.Tests.Progress;

public sealed class TerminationMessageTests
{
    [Fact]
    public void Serialize_CompletedSummary_RoundTripsWithEveryFieldStatusNeeds()
    {
        var summary = new FinalSummary(ReportPhase.Completed, 400, 400, 0.21, new ProgressEvaluation(400, 0.3, 0.91), new ProgressOutput("pvc://models/out", OutputFormat.Safetensors, 1234), new ProgressCheckpoint(400, "pvc://models/ckpt/checkpoint-400", null));

        var parsed = TerminationMessage.TryParse(TerminationMessage.Serialize(summary));

        Assert.Equal(summary with { Eval = summary.Eval }, parsed! with { Eval = summary.Eval });
        Assert.Equal(0.91, parsed.Eval!.EvalAccuracy);
    }

    [Fact]
    public void Serialize_HugeMessageAndPerClassDetail_FitsTheKubeletsFourKiB()
    {
        var perClass = Enumerable.Range(0, 1000).Select(index => index / 1000.0).ToList();
        var summary = new FinalSummary(ReportPhase.Diverged, 17, 400, null, new ProgressEvaluation(10, 0.5, Precision: perClass, Recall: perClass), Message: new string('x', 10_000));

        var json = TerminationMessage.Serialize(summary);

        Assert.True(Encoding.UTF8.GetByteCount(json) <= TerminationMessage.MaxBytes);
        Assert.Equal((ReportPhase.Diverged, 17L), (TerminationMessage.TryParse(json)!.Phase, TerminationMessage.TryParse(json)!.Step));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("error: dataset.fields.text: column 'sentence' not found")]
    [InlineData("{\"phase\":\"Completed\",\"step\":4")]
    [InlineData("{\"step\":4,\"totalSteps\":4}")]
    public void TryParse_NotASummary_Null(string? message)
    {
        Assert.Null(TerminationMessage.TryParse(message));
    }
}
