using k8s.Autorest;
using KubeTune.Operator.Api.V1Alpha1;
using static KubeTune.Operator.Tests.Controllers.Integration.ReconcilerCluster;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>The final state comes from Kubernetes too: the pod's termination message completes status; a finished job cannot be edited.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class FinalStatusIntegrationTests(ReconcilerCluster cluster)
{
    private const string Ns = SharedNamespace;

    [Fact]
    public async Task Reconcile_FinalReportNeverArrives_SucceededWithFullProgressMetricsAndTheSpecsOutput()
    {
        await cluster.CreateAsync(NewJob(Ns, "summary-only", SummaryImage));

        var done = await cluster.WaitForAsync(Ns, "summary-only", job => job.Status?.Phase == FineTuneJobPhase.Succeeded && job.Status.Output is not null, "Succeeded with an output");

        Assert.Equal((40L, 40L, 100.0, 0L), (done.Status!.Progress!.Step, done.Status.Progress.TotalSteps, done.Status.Progress.Percent, done.Status.Progress.EtaSeconds));
        Assert.Equal((0.25, 0.31, 0.88), (done.Status.Metrics!.TrainLoss, done.Status.Metrics.EvalLoss, done.Status.Metrics.EvalAccuracy));
        Assert.Equal(done.Spec.Output.Uri, done.Status.Output!.Uri);
        Assert.Equal(777, done.Status.Output.SizeBytes);
    }

    [Fact]
    public async Task PatchSpec_AfterSucceeded_RejectedSayingToCreateANewJob()
    {
        cluster.Script("test/immutable:1", "exit:0 after:50ms");
        await cluster.CreateAsync(NewJob(Ns, "immutable", "test/immutable:1"));
        await cluster.WaitForAsync(Ns, "immutable", job => job.Status?.Phase == FineTuneJobPhase.Succeeded, "Succeeded");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.PatchSpecAsync(Ns, "immutable", "{\"backoffLimit\": 5}"));

        Assert.Equal(422, (int)error.Response.StatusCode);
        Assert.Contains("create a new FineTuneJob", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal(1, (await cluster.GetAsync(Ns, "immutable"))!.Metadata.Generation);
    }
}
