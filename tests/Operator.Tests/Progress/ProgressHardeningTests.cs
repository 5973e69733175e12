using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Tests.Runtime;

namespace KubeTune.Operator.Tests.Progress;

/// <summary>What a hostile or stale pod cannot do through the progress endpoint: rewrite a finished job, or cost many TokenReviews.</summary>
public sealed class ProgressHardeningTests(ProgressCluster cluster) : IClassFixture<ProgressCluster>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_JobFinished_ConflictAndStatusUnchanged(bool final)
    {
        var job = await cluster.CreateJobAsync("finished-" + final.ToString().ToLowerInvariant());
        var token = cluster.Token(job);
        await cluster.PostAsync(job, token, """{"phase": "Completed", "step": 8000, "totalSteps": 8000, "loss": 0.1, "final": true}""");
        await MarkSucceededAsync(job);
        var before = cluster.Status(job)!.ToJsonString();

        var (status, body) = await cluster.PostAsync(job, token, $$$"""{"phase": "Completed", "step": 5, "totalSteps": 8000, "loss": 123, "final": {{{final.ToString().ToLowerInvariant()}}}, "output": {"uri": "pvc://evil/../../etc", "format": "safetensors"}}""");

        Assert.Equal(409, status);
        Assert.Contains("finished job", body["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, cluster.Status(job)!.ToJsonString());
    }

    [Fact]
    public async Task Post_TokenListingManyAudiences_OneTokenReviewPerRequest()
    {
        var job = await cluster.CreateJobAsync("many-audiences");
        var audiences = Enumerable.Range(0, 4).Select(index => $"kubetune.io/default/other-{index}").ToList();
        var token = cluster.Cluster.Tokens.Issue(new DevCluster.Auth.ServiceAccountTokenRequest(job.Namespace, "default", audiences, TimeSpan.FromMinutes(10), job.PodName, job.PodUid));
        var before = cluster.Authenticator.Reviews;

        var (status, _) = await cluster.PostAsync(job, token, """{"step": 1, "totalSteps": 10}""");

        Assert.Equal(401, status);
        Assert.Equal(1, cluster.Authenticator.Reviews - before);
    }

    [Fact]
    public async Task Post_SameGoodTokenTwice_ReviewedOnceThenCached()
    {
        var job = await cluster.CreateJobAsync("cached-token");
        var token = cluster.Token(job);
        var before = cluster.Authenticator.Reviews;

        var first = await cluster.PostAsync(job, token, """{"step": 1, "totalSteps": 10}""");
        var second = await cluster.PostAsync(job, token, """{"step": 2, "totalSteps": 10}""");

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(1, cluster.Authenticator.Reviews - before);
    }

    private async Task MarkSucceededAsync(JobUnderTest job)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = FineTuneJobPhase.Succeeded,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = ConditionTypes.Succeeded, ["status"] = "True", ["reason"] = ConditionReasons.Completed, ["message"] = "done", ["lastTransitionTime"] = now }),
            },
        };
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), FineTuneJob.Group, FineTuneJob.Version, job.Namespace, FineTuneJob.Plural, job.Name);
        await Eventually.TrueAsync(async () => (await cluster.PostAsync(job, cluster.Token(job), """{"step": 1, "totalSteps": 10}""")).Status == 409, "the operator's cache shows the job finished");
    }
}
