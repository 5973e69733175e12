using System.Globalization;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress.EndToEnd;

/// <summary>Issue 7 end to end: what a user sees in status, kubectl, /metrics and Events while the real trainer runs on the dev cluster.</summary>
public sealed class ProgressEndToEndTests(ProgressEndToEndRun run) : IClassFixture<ProgressEndToEndRun>
{
    [Fact]
    public void Reports_DefaultTls_PostedOverHttpsTrustingOnlyTheOperatorsCa()
    {
        Assert.StartsWith("https://127.0.0.1:", run.TrainerEnvironmentAtSucceeded[TrainerEnvironment.ProgressUrl], StringComparison.Ordinal);
        Assert.Equal(TrainerPaths.ProgressCaFile, run.TrainerEnvironmentAtSucceeded[TrainerEnvironment.ProgressCaFile]);
        // A step short of the last reaches status only through a report (the termination message holds the final one).
        Assert.Contains(run.Statuses, status => status["progress"]?["step"]?.GetValue<long>() is > 0 and < ProgressEndToEndRun.TotalSteps);
    }

    [Fact]
    public void Status_RealTrainerRun_ProgressAdvancesAndIs100PercentAtSucceeded()
    {
        var steps = run.Statuses.Select(status => status["progress"]?["step"]?.GetValue<long>()).OfType<long>().ToList();

        Assert.True(steps.Distinct().Count() >= 2 && steps[0] < ProgressEndToEndRun.TotalSteps, $"progress did not advance through status: {string.Join(", ", steps)}");
        Assert.Equal(steps.Order(), steps);
        var progress = run.Final["progress"]!;
        Assert.Equal(ProgressEndToEndRun.TotalSteps, progress["step"]!.GetValue<long>());
        Assert.Equal(ProgressEndToEndRun.TotalSteps, progress["totalSteps"]!.GetValue<long>());
        Assert.Equal(100, progress["percent"]!.GetValue<double>());
        Assert.Equal(0, progress["etaSeconds"]!.GetValue<double>());
        Assert.True(run.Final["metrics"]?["trainLoss"]?.GetValue<double>() > 0, $"no train loss in status: {run.Final.ToJsonString()}");
        Assert.NotNull(run.Final["metrics"]?["evalLoss"]);
    }

    [Fact]
    public void Phase_RealTrainerRun_NeverBackToPendingOnceRunning()
    {
        var phases = run.Statuses.Select(status => status["phase"]?.ToString()).OfType<string>().ToList();

        var running = phases.IndexOf(FineTuneJobPhase.Running);
        Assert.True(running >= 0, $"never Running: {string.Join(" → ", phases)}");
        Assert.DoesNotContain(FineTuneJobPhase.Pending, phases.Skip(running));
        Assert.Equal(FineTuneJobPhase.Succeeded, phases[^1]);
    }

    [Fact]
    public void KubectlGetFtj_Succeeded_ShowsProgressLossAndEta()
    {
        Assert.True(run.TableExitCode == 0, $"kubectl get ftj failed:\n{run.Table}");
        var lines = run.Table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Columns(lines[0]);
        var row = Columns(Assert.Single(lines[1..]));

        Assert.Equal(["NAME", "PHASE", "PROGRESS", "LOSS", "ETA", "AGE"], header);
        Assert.Equal(header.Count, row.Count);
        Assert.Equal((ProgressEndToEndRun.Name, FineTuneJobPhase.Succeeded, "100", "0"), (row[0], row[1], row[2], row[4]));
        Assert.Equal(run.Final["metrics"]!["trainLoss"]!.GetValue<double>(), double.Parse(row[3], CultureInfo.InvariantCulture), 1e-9);
    }

    [Fact]
    public void Metrics_Succeeded_PerJobGaugesLabelledNamespaceAndNameMatchStatus()
    {
        var samples = run.Samples;
        var progress = run.Final["progress"]!;
        var metrics = run.Final["metrics"]!;

        Assert.Equal(1.0, ProgressEndToEndRun.Value(samples, "kubetune_job_progress_ratio"));
        Assert.Equal(progress["step"]!.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_step"));
        Assert.Equal(progress["epoch"]!.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_epoch"));
        Assert.Equal(0.0, ProgressEndToEndRun.Value(samples, "kubetune_job_eta_seconds"));
        Assert.Equal(metrics["trainLoss"]!.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_train_loss"));
        Assert.Equal(metrics["evalLoss"]!.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_eval_loss"));
        Assert.Equal(0.0, ProgressEndToEndRun.Value(samples, "kubetune_job_restarts_total"));
        Assert.Equal(progress["samplesPerSecond"]?.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_samples_per_second"));
        Assert.Equal(progress["tokensPerSecond"]?.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_tokens_per_second"));
        Assert.Equal(metrics["learningRate"]?.GetValue<double>(), ProgressEndToEndRun.Value(samples, "kubetune_job_learning_rate"));
        Assert.All(samples, sample => Assert.Equal(["name", "namespace"], LabelNames(sample)));
    }

    [Fact]
    public void Metrics_JobDeleted_ItsSeriesGone()
    {
        Assert.NotEmpty(run.Samples);
        Assert.Empty(run.SamplesAfterDelete);
    }

    [Fact]
    public void Events_CheckpointsAndEvaluations_RecordedOnTheJob()
    {
        var checkpoints = run.Events.Where(item => item["reason"]?.ToString() == ProgressStatusWriter.CheckpointSaved).Select(item => item["message"]?.ToString()).ToList();
        var evaluations = run.Events.Where(item => item["reason"]?.ToString() == ProgressStatusWriter.Evaluated).Select(item => item["message"]?.ToString()).ToList();

        Assert.Contains(checkpoints, message => message?.StartsWith($"checkpoint at step {run.Final["checkpoint"]!["step"]} saved to ", StringComparison.Ordinal) == true);
        Assert.NotEmpty(evaluations);
        Assert.All(evaluations, message => Assert.Contains("eval_loss=", message, StringComparison.Ordinal));
        Assert.All(run.Events, item => Assert.Equal("FineTuneJob", item["involvedObject"]?["kind"]?.ToString()));
    }

    private static List<string> Columns(string line) =>
        [.. System.Text.RegularExpressions.Regex.Split(line.Trim(), @"\s{2,}")];

    // The exporter adds its otel_scope_* labels; the job's own labels are namespace and name only.
    private static List<string> LabelNames(string sample) =>
        [.. sample[(sample.IndexOf('{', StringComparison.Ordinal) + 1)..sample.IndexOf('}', StringComparison.Ordinal)]
            .Split(',')
            .Select(pair => pair[..pair.IndexOf('=', StringComparison.Ordinal)])
            .Where(name => !name.StartsWith("otel_scope", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
