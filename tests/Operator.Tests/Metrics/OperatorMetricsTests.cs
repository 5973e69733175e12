using KubeTune.Operator.Tests.Progress;
using KubeTune.Operator.Tests.Runtime;

namespace KubeTune.Operator.Tests.Metrics;

/// <summary>Two operator hosts in one process (as in these tests, or two operators embedded in one program) keep their metrics apart.</summary>
public sealed class OperatorMetricsTests
{
    private const string Report = """{"step": 7, "totalSteps": 10, "loss": 0.5}""";

    [Fact]
    public async Task Scrape_TwoHostsInOneProcessThenOneDisposed_EachShowsOnlyItsOwnJobsAndTheOtherKeepsThem()
    {
        var kept = new ProgressCluster();
        await kept.InitializeAsync();
        try
        {
            var keptJob = await kept.CreateJobAsync("kept");
            Assert.Equal(200, (await kept.PostAsync(keptJob, kept.Token(keptJob), Report)).Status);
            var other = new ProgressCluster();
            await other.InitializeAsync();
            try
            {
                var otherJob = await other.CreateJobAsync("other");
                Assert.Equal(200, (await other.PostAsync(otherJob, other.Token(otherJob), Report)).Status);
                await Eventually.TrueAsync(async () => (await other.SamplesAsync(otherJob)).Count > 0, "the other host's job in its own /metrics");

                Assert.Empty(await kept.SamplesAsync(otherJob));
                Assert.Empty(await other.SamplesAsync(keptJob));
            }
            finally
            {
                await other.DisposeAsync();
            }

            var samples = await kept.SamplesAsync(keptJob);
            Assert.Contains(samples, line => line.StartsWith("kubetune_job_step{", StringComparison.Ordinal) && line.EndsWith(" 7", StringComparison.Ordinal));
            Assert.Contains("kubetune_workqueue_depth", await kept.Metrics.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            await kept.DisposeAsync();
        }
    }
}
