using System.Globalization;
using k8s;
using KubeTune.DevCluster.Auth;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Metrics;
using KubeTune.Operator.Tests.Runtime;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>The progress endpoint against the dev cluster's real TokenReview: what is accepted reaches status, gauges and Events; what is refused reaches nothing.</summary>
public sealed class ProgressEndpointTests(ProgressCluster cluster) : IClassFixture<ProgressCluster>
{
    private const string Report = """
        {"phase":"Evaluated","step":120,"totalSteps":400,"epoch":0.9,"loss":0.4312,"learningRate":0.0002,"tokensPerSecond":5120.5,
         "samplesPerSecond":40,"etaSeconds":310.4,"timestamp":"2025-03-01T12:00:05+00:00",
         "eval":{"step":120,"evalLoss":0.39,"evalAccuracy":0.91,"evalF1":0.9},
         "checkpoint":{"step":100,"uri":"pvc://ckpt/bert/step-100","savedAt":"2025-03-01T11:59:00+00:00"}}
        """;

    [Fact]
    public async Task Post_ValidReport_StatusPatchedGaugesExportedEventsRecorded()
    {
        var job = await cluster.CreateJobAsync("accepted");

        var (status, body) = await cluster.PostAsync(job, cluster.Token(job), Report);

        Assert.Equal(200, status);
        Assert.Equal("Written", body["write"]?.ToString());
        var written = cluster.Status(job)!;
        Assert.Equal("120", written["progress"]!["step"]!.ToJsonString());
        Assert.Equal("30", written["progress"]!["percent"]!.ToJsonString());
        Assert.Equal("310", written["progress"]!["etaSeconds"]!.ToJsonString());
        Assert.NotNull(written["progress"]!["updatedAt"]);
        Assert.Equal("0.4312", written["metrics"]!["trainLoss"]!.ToJsonString());
        Assert.Equal("0.39", written["metrics"]!["evalLoss"]!.ToJsonString());
        Assert.Equal("pvc://ckpt/bert/step-100", written["checkpoint"]!["uri"]!.ToString());
        Assert.Single(cluster.EventsOf(job, ProgressStatusWriter.CheckpointSaved));
        Assert.Contains("eval_loss=0.39", Assert.Single(cluster.EventsOf(job, ProgressStatusWriter.Evaluated))["message"]!.ToString(), StringComparison.Ordinal);

        await Eventually.TrueAsync(() => Value(job, "kubetune_job_step") == 120, "kubetune_job_step 120 in /metrics");
        Assert.Equal(0.3, Value(job, "kubetune_job_progress_ratio"));
        Assert.Equal(0.4312, Value(job, "kubetune_job_train_loss"));
        Assert.Equal(0.39, Value(job, "kubetune_job_eval_loss"));
        Assert.Equal(5120.5, Value(job, "kubetune_job_tokens_per_second"));
        // The gauges show status, where the ETA is whole seconds.
        Assert.Equal(310, Value(job, "kubetune_job_eta_seconds"));
        Assert.All(await cluster.SamplesAsync(job), line => Assert.Equal(["name", "namespace"], LabelNames(line)));
    }

    [Theory]
    [InlineData("no-token", 401)]
    [InlineData("forged", 401)]
    [InlineData("expired", 401)]
    [InlineData("other-job", 401)]
    [InlineData("other-namespace", 403)]
    [InlineData("unlabelled-pod", 403)]
    [InlineData("oversized", 413)]
    [InlineData("malformed", 422)]
    [InlineData("negative", 422)]
    [InlineData("nan", 422)]
    public async Task Post_RefusedRequest_StatusAndMetricsUntouched(string scenario, int expected)
    {
        var job = await cluster.CreateJobAsync("refused-" + scenario);
        var audience = ProgressAuthenticator.AudienceFor(job.Namespace, job.Name);
        var (token, json) = scenario switch
        {
            "no-token" => (null, Report),
            "forged" => (new ServiceAccountTokenIssuer(TimeProvider.System).Issue(new ServiceAccountTokenRequest(job.Namespace, "default", [audience], TimeSpan.FromMinutes(10), job.PodName, job.PodUid)), Report),
            "expired" => (cluster.Token(job.Namespace, job.PodName, job.PodUid, audience, TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow.AddMinutes(-5)), Report),
            "other-job" => (cluster.Token(await cluster.CreateJobAsync("neighbour-" + scenario)), Report),
            "other-namespace" => (TokenOfPod(cluster.CreatePod(job.PodName, job.Name, ProgressCluster.OtherNamespace), ProgressCluster.OtherNamespace, audience), Report),
            "unlabelled-pod" => (TokenOfPod(cluster.CreatePod("stranger-" + scenario, "some-other-job", job.Namespace), job.Namespace, audience), Report),
            "oversized" => (cluster.Token(job), Report.Replace("\"phase\"", $"\"padding\":\"{new string('x', 5000)}\",\"phase\"", StringComparison.Ordinal)),
            "malformed" => (cluster.Token(job), """{"step": 10, "totalSteps": """),
            "negative" => (cluster.Token(job), """{"step": -5, "totalSteps": 400}"""),
            "nan" => (cluster.Token(job), """{"step": 10, "totalSteps": 400, "loss": NaN}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var (status, body) = await cluster.PostAsync(job, token, json);

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body["message"]?.ToString()));
        if (scenario == "negative")
        {
            Assert.Equal("step", body["field"]?.ToString());
        }

        Assert.Null(cluster.Status(job)?["progress"]);
        Assert.Null(cluster.Status(job)?["metrics"]);
        Assert.Null(cluster.Status(job)?["checkpoint"]);
        Assert.Empty(cluster.EventsOf(job, ProgressStatusWriter.CheckpointSaved));
        Assert.Empty(cluster.EventsOf(job, ProgressStatusWriter.Evaluated));
        Assert.DoesNotContain(await cluster.SamplesAsync(job), line => !line.StartsWith("kubetune_job_restarts_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_ReportsWithinInterval_OnePatchThenNewestWhenIntervalEnds_FinalAtOnce()
    {
        var job = await cluster.CreateJobAsync("throttled");
        var token = cluster.Token(job);

        var first = await cluster.PostAsync(job, token, """{"step": 10, "totalSteps": 100, "loss": 2.0}""");
        var second = await cluster.PostAsync(job, token, """{"step": 20, "totalSteps": 100, "loss": 1.5}""");
        var stepAfterSecond = Step(job);
        cluster.WriterTime.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => Step(job) == 20, "the deferred report written when the interval ended");
        var third = await cluster.PostAsync(job, token, """{"step": 30, "totalSteps": 100, "loss": 1.2}""");
        var final = await cluster.PostAsync(job, token, """{"phase": "Completed", "step": 100, "totalSteps": 100, "loss": 0.8, "final": true, "output": {"uri": "pvc://models/out", "format": "safetensors", "sizeBytes": 1234}}""".Replace("pvc://models/out", "pvc://evil/../../etc", StringComparison.Ordinal));

        Assert.Equal("Written", first.Body["write"]?.ToString());
        Assert.Equal("Deferred", second.Body["write"]?.ToString());
        Assert.Equal(10, stepAfterSecond);
        Assert.Equal("Deferred", third.Body["write"]?.ToString());
        Assert.Equal("Written", final.Body["write"]?.ToString());
        var status = cluster.Status(job)!;
        Assert.Equal(100, Step(job));
        Assert.Equal("100", status["progress"]!["percent"]!.ToJsonString());
        Assert.Equal("0", status["progress"]!["etaSeconds"]!.ToJsonString());
        // The location is the spec's, never the report's; only the size is taken.
        Assert.Equal("pvc://models/throttled", status["output"]!["uri"]!.ToString());
        Assert.Equal("1234", status["output"]!["sizeBytes"]!.ToJsonString());
    }

    [Fact]
    public async Task Post_OlderReportAfterNewer_ProgressDoesNotGoBackwards()
    {
        var job = await cluster.CreateJobAsync("out-of-order");
        var token = cluster.Token(job);
        await cluster.PostAsync(job, token, """{"step": 50, "totalSteps": 100, "loss": 0.7}""");

        var (status, body) = await cluster.PostAsync(job, token, """{"step": 30, "totalSteps": 100, "loss": 1.9}""");

        Assert.Equal(200, status);
        Assert.Equal("false", body["applied"]!.ToJsonString());
        Assert.Equal(50, Step(job));
        await Eventually.TrueAsync(() => Value(job, "kubetune_job_step") == 50, "kubetune_job_step 50");
        Assert.Equal(0.7, Value(job, "kubetune_job_train_loss"));
    }

    [Fact]
    public async Task Delete_JobThatReported_GaugesRemoved()
    {
        var job = await cluster.CreateJobAsync("deleted");
        await cluster.PostAsync(job, cluster.Token(job), Report);
        await Eventually.TrueAsync(() => Value(job, "kubetune_job_step") == 120, "kubetune_job_step exported");

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(FineTuneJob.Group, FineTuneJob.Version, job.Namespace, FineTuneJob.Plural, job.Name);

        await Eventually.TrueAsync(async () => (await cluster.SamplesAsync(job)).Count == 0, "the job's series gone from /metrics");
    }

    [Fact]
    public async Task Metrics_ScrapeWithJobSeries_OneExpositionPromtoolAccepts()
    {
        var job = await cluster.CreateJobAsync("scraped");
        await cluster.PostAsync(job, cluster.Token(job), Report);
        await Eventually.TrueAsync(() => Value(job, "kubetune_job_step") == 120, "kubetune_job_step exported");

        // Prometheus 3 asks for OpenMetrics first and gzip: the answer is still the one plain-text exposition.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await cluster.Metrics.SendAsync(request);
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("kubetune_jobs{", scrape, StringComparison.Ordinal);
        Assert.Contains($"kubetune_job_step{{namespace=\"{job.Namespace}\",name=\"{job.Name}\"}} 120", scrape, StringComparison.Ordinal);
        // Exit 1 is a parse error; 3 lists lint complaints, which may name only the .NET runtime's own metrics (its *_count gauges).
        var (exitCode, output) = await Promtool.CheckMetricsAsync(scrape);
        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 0 || (exitCode == 3 && complaints.All(line => line.StartsWith("dotnet_", StringComparison.Ordinal))), $"promtool check metrics exited {exitCode}:\n{output}");
    }

    // The exporter adds its otel_scope_* labels; the job's own labels are namespace and name only.
    private static List<string> LabelNames(string sample) =>
        [.. sample[(sample.IndexOf('{', StringComparison.Ordinal) + 1)..sample.IndexOf('}', StringComparison.Ordinal)]
            .Split(',')
            .Select(pair => pair[..pair.IndexOf('=', StringComparison.Ordinal)])
            .Where(name => !name.StartsWith("otel_scope", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private string TokenOfPod((string Name, string Uid) pod, string ns, string audience) => cluster.Token(ns, pod.Name, pod.Uid, audience);

    private long? Step(JobUnderTest job) =>
        cluster.Status(job)?["progress"]?["step"] is { } step ? long.Parse(step.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private double? Value(JobUnderTest job, string metric)
    {
        var line = cluster.SamplesAsync(job).GetAwaiter().GetResult().FirstOrDefault(sample => sample.StartsWith(metric + "{", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
