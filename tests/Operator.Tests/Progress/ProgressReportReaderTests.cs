using System.Text;
using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress;

public sealed class ProgressReportReaderTests
{
    // What src/TrainerImage/Reporting serializes (ProgressJson: camelCase, nulls left out).
    private const string TrainerReport = """
        {"phase":"Evaluated","step":120,"totalSteps":400,"epoch":0.9,"percent":30,"loss":0.4312,"learningRate":0.0002,
         "tokensPerSecond":5120.5,"samplesPerSecond":40,"etaSeconds":310.4,"timestamp":"2025-03-01T12:00:05+00:00","final":false,
         "eval":{"step":120,"evalLoss":0.39,"evalAccuracy":0.91,"evalF1":0.9,"precision":[0.9,0.92],"recall":[0.88,0.93]},
         "checkpoint":{"step":100,"uri":"pvc://ckpt/bert/step-100","savedAt":"2025-03-01T11:59:00+00:00"},
         "futureField":{"x":1}}
        """;

    [Fact]
    public void Read_TrainerReport_AllFieldsRead()
    {
        var report = ProgressReportReader.Read(Encoding.UTF8.GetBytes(TrainerReport));

        Assert.Equal(120, report.Step);
        Assert.Equal(400, report.TotalSteps);
        Assert.Equal(30, report.PercentDone);
        Assert.Equal(0.4312, report.Loss);
        Assert.Equal(310.4, report.EtaSeconds);
        Assert.Equal(new ProgressEvaluation(120, 0.39, 0.91, 0.9, null), report.Eval);
        Assert.Equal(new ProgressCheckpoint(100, "pvc://ckpt/bert/step-100", new DateTimeOffset(2025, 3, 1, 11, 59, 0, TimeSpan.Zero)), report.Checkpoint);
        Assert.False(report.Final);
    }

    [Theory]
    [InlineData(0.6327686309814453, 0.63277)]
    [InlineData(12.345678, 12.346)]
    [InlineData(2.3456789e-5, 2.3457e-5)]
    [InlineData(123456.7, 123457)]
    [InlineData(0.0, 0.0)]
    public void Read_LongLoss_FiveSignificantDigitsInLossEvalLossAndPerplexity(double sent, double kept)
    {
        var number = sent.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var positive = Math.Abs(sent).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var json = "{\"step\":1,\"totalSteps\":10,\"loss\":" + number + ",\"eval\":{\"step\":1,\"evalLoss\":" + number + ",\"perplexity\":" + positive + "}}";

        var report = ProgressReportReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(kept, report.Loss!.Value, 12);
        Assert.Equal(kept, report.Eval!.EvalLoss!.Value, 12);
        Assert.Equal(Math.Abs(kept), report.Eval.Perplexity!.Value, 12);
    }

    [Theory]
    [InlineData("""{"step":-1,"totalSteps":10}""", "step", "negative")]
    [InlineData("""{"totalSteps":10}""", "step", "required")]
    [InlineData("""{"step":11,"totalSteps":10}""", "step", "totalSteps")]
    [InlineData("""{"step":1.5,"totalSteps":10}""", "step", "whole number")]
    [InlineData("""{"step":1,"totalSteps":10,"loss":NaN}""", "$", "malformed JSON")]
    [InlineData("""{"step":1,"totalSteps":10,"loss":"NaN"}""", "loss", "finite")]
    [InlineData("""{"step":1,"totalSteps":10,"loss":1e999}""", "loss", "finite")]
    [InlineData("""{"step":1,"totalSteps":10,"learningRate":-0.1}""", "learningRate", "negative")]
    [InlineData("""{"step":1,"totalSteps":10,"eval":{"step":1,"evalAccuracy":1.5}}""", "eval.evalAccuracy", "at most 1")]
    [InlineData("""{"step":1,"totalSteps":10,"checkpoint":{"step":1}}""", "checkpoint.uri", "required")]
    [InlineData("""{"step":1,"totalSteps":10,"output":{"uri":"pvc://m/x","format":"onnx"}}""", "output.format", "safetensors")]
    [InlineData("""{"step":1,"totalSteps":10,"final":"yes"}""", "final", "true or false")]
    [InlineData("""{"step":1,"totalSteps":10,"timestamp":"yesterday"}""", "timestamp", "RFC 3339")]
    [InlineData("""[1,2]""", "$", "object")]
    [InlineData("""{"step":1,""", "$", "malformed JSON")]
    public void Read_InvalidReport_ErrorNamesTheField(string json, string field, string problem)
    {
        var error = Assert.Throws<InvalidReportException>(() => ProgressReportReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PercentDone_FinalCompletedReport_Hundred()
    {
        var report = ProgressReportReader.Read(Encoding.UTF8.GetBytes("""{"phase":"Completed","step":398,"totalSteps":400,"final":true}"""));

        Assert.Equal(100, report.PercentDone);
    }
}
