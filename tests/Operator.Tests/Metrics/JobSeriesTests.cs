using System.Globalization;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.LeaderElection;
using KubeTune.Operator.Tests.Controllers;
using KubeTune.Operator.Tests.Runtime.Informers;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeTune.Operator.Tests.Metrics;

public sealed class JobSeriesTests : IAsyncDisposable
{
    private readonly ScriptedResourceClient<FineTuneJob> client = new();
    private readonly MeasurementRecorder recorder = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Leadership leadership = new();
    private readonly ResourceInformer<FineTuneJob> informer;
    private Task? running;

    public JobSeriesTests() =>
        informer = new ResourceInformer<FineTuneJob>(client, new InformerOptions(), recorder.Metrics, TimeProvider.System, NullLogger<ResourceInformer<FineTuneJob>>.Instance, FineTuneJobCacheTrim.Apply, pack: true, summarize: FineTuneJobSummary.Of);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        stop.Dispose();
        recorder.Dispose();
    }

    [Fact]
    public async Task WriteAsync_2500Jobs_EveryJobHasItsSeries()
    {
        // OpenTelemetry's default stream limit was 2,000 series: the jobs past it shared one overflow series.
        await SyncAsync([.. Enumerable.Range(0, 2500).Select(i => Job($"job-{i:D4}", restarts: i % 3))]);

        var lines = await WriteAsync();

        var restarts = lines.Where(line => line.StartsWith("kubetune_job_restarts_total{", StringComparison.Ordinal)).ToList();
        Assert.Equal(2500, restarts.Count);
        Assert.Contains("kubetune_job_restarts_total{namespace=\"team-a\",name=\"job-2499\"} 0", restarts);
        Assert.Contains("kubetune_job_restarts_total{namespace=\"team-a\",name=\"job-2498\"} 2", restarts);
        Assert.DoesNotContain(lines, line => line.Contains("overflow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_RunningJobAndSearch_GaugesShowTheirStatus()
    {
        var running = Job("bert", restarts: 1);
        running.Status!.Progress = new TrainingProgress { Step = 120, Percent = 30, Epoch = 0.9, EtaSeconds = 310, TokensPerSecond = 5120.5, SamplesPerSecond = 40 };
        running.Status.Metrics = new TrainingMetrics { TrainLoss = 0.4312, EvalLoss = 0.39, LearningRate = 0.0002 };
        var search = Job("search");
        search.Status!.Trials = [new TrialStatus { Name = "search-t0", Phase = TrialPhase.Running, Objective = 0.25 }, new TrialStatus { Name = "search-t1", Phase = TrialPhase.Running }];
        await SyncAsync(running, search);

        var lines = await WriteAsync();

        Assert.Contains("kubetune_job_step{namespace=\"team-a\",name=\"bert\"} 120", lines);
        Assert.Contains("kubetune_job_progress_ratio{namespace=\"team-a\",name=\"bert\"} 0.3", lines);
        Assert.Contains("kubetune_job_train_loss{namespace=\"team-a\",name=\"bert\"} 0.4312", lines);
        Assert.Contains("kubetune_job_learning_rate{namespace=\"team-a\",name=\"bert\"} 0.0002", lines);
        Assert.Contains("kubetune_job_eta_seconds{namespace=\"team-a\",name=\"bert\"} 310", lines);
        Assert.Contains("kubetune_job_restarts_total{namespace=\"team-a\",name=\"bert\"} 1", lines);
        Assert.Contains("kubetune_trial_objective{namespace=\"team-a\",name=\"search\",trial=\"search-t0\"} 0.25", lines);
        // A job without progress has no progress series, and a trial without an objective no objective.
        Assert.DoesNotContain(lines, line => line.StartsWith("kubetune_job_step{namespace=\"team-a\",name=\"search\"}", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("search-t1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_Standby_WritesNothing()
    {
        await SyncAsync(Job("bert"));

        var writer = new StringWriter();
        await new JobSeries(informer, leadership).WriteAsync(writer);

        Assert.Equal(string.Empty, writer.ToString());
    }

    [Fact]
    public async Task WriteAsync_Exposition_PromtoolAcceptsIt()
    {
        var job = Job("bert", restarts: 2);
        job.Status!.Progress = new TrainingProgress { Step = 7, Percent = 12.5 };
        await SyncAsync(job, Job("queued"));
        using var term = leadership.Lead();
        var writer = new StringWriter();
        await new JobSeries(informer, leadership).WriteAsync(writer);

        var (exitCode, output) = await Promtool.CheckMetricsAsync(writer.ToString());

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}\n{writer}");
    }

    [Theory]
    [InlineData("plain-name", "plain-name")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\nb", "a\\nb")]
    public void Escape_LabelValue_TextFormatEscapes(string value, string expected) => Assert.Equal(expected, JobSeries.Escape(value));

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(120, "120")]
    [InlineData(2e-5, "2E-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Format_Value_PrometheusNumber(double value, string expected) => Assert.Equal(expected, JobSeries.Format(value));

    private static FineTuneJob Job(string name, int restarts = 0)
    {
        var job = TestObjects.FineTuneJob(name);
        job.Status = new FineTuneJobStatus { Phase = FineTuneJobPhase.Running, Restarts = restarts };
        return job;
    }

    private async Task SyncAsync(params FineTuneJob[] jobs)
    {
        running = informer.RunAsync(stop.Token);
        client.EnqueueList("10", jobs);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<IReadOnlyList<string>> WriteAsync()
    {
        using var term = leadership.Lead();
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        await new JobSeries(informer, leadership).WriteAsync(writer);
        return writer.ToString().Split('\n');
    }
}
