using System.Net;
using k8s;
using k8s.Autorest;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Tests.Controllers.Integration;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

/// <summary>Searches end to end: the dev cluster runs the trial Jobs (scripted pod fates), the test plays the trainers' progress reports.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class SearchReconcilerTests(ReconcilerCluster cluster)
{
    private const string Finishes = "exit:0 after:2s";

    private static bool Finished(FineTuneJob job) => job.Status?.Phase is FineTuneJobPhase.Succeeded or FineTuneJobPhase.Failed;

    private static SearchSpec Grid(int parallel, params (string, SearchParameter)[] parameters) => NewSearch(SearchAlgorithm.Grid, 10, parallel, parameters);

    [Fact]
    public async Task Reconcile_GridTwoByTwo_RunsFourTrialsTwoAtATimeAndTheBestOutputIsTheJobs()
    {
        await using var search = await SearchHarness.StartAsync(cluster, "kt-search-grid");
        using var watch = new ActiveJobWatch(cluster.Cluster, search.Namespace);
        cluster.Script("test/search-grid:1", Finishes, Finishes, Finishes, Finishes);
        var job = search.NewJob("grid", "test/search-grid:1", Grid(2, ("learningRate", Values(1e-4, 1e-3)), ("batchSize", Values(8, 16))));
        await cluster.CreateAsync(job);

        double[] losses = [0.61, 0.32, 0.55, 0.47];
        for (var k = 0; k < 4; k++)
        {
            await search.ReportAsync("grid", await search.TrialPodAsync("grid", k), 10, 10, losses[k], final: true);
        }

        var done = await cluster.WaitForAsync(search.Namespace, "grid", Finished, "the search to finish");

        Assert.Equal(FineTuneJobPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(["grid-t0", "grid-t1", "grid-t2", "grid-t3"], done.Status.Trials!.Select(trial => trial.Name));
        Assert.All(done.Status.Trials!, trial => Assert.Equal(TrialPhase.Succeeded, trial.Phase));
        Assert.Equal(losses, done.Status.Trials!.Select(trial => trial.Objective!.Value));
        Assert.Equal("grid-t1", done.Status.BestTrial);
        Assert.Equal("pvc://models/grid/trials/t1", done.Status.Output!.Uri);
        Assert.Equal("batchSize=8 learningRate=0.001", TrialSpec.Describe(done.Status.Trials![1].Parameters));
        Assert.Equal(2, watch.MostActive);
        Assert.Null(await cluster.GetJobAsync(search.Namespace, "grid"));
    }

    [Fact]
    public async Task Reconcile_TrialFails_TheSearchGoesOnAndSucceedsWithTheOther()
    {
        await using var search = await SearchHarness.StartAsync(cluster, "kt-search-failing");
        cluster.Script("test/search-failing:1", "exit:2", Finishes);
        var job = search.NewJob("failing", "test/search-failing:1", Grid(1, ("batchSize", Values(8, 16))));
        await cluster.CreateAsync(job);

        await search.ReportAsync("failing", await search.TrialPodAsync("failing", 1), 10, 10, 0.4, final: true);
        var done = await cluster.WaitForAsync(search.Namespace, "failing", Finished, "the search to finish");

        Assert.Equal(FineTuneJobPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([TrialPhase.Failed, TrialPhase.Succeeded], done.Status.Trials!.Select(trial => trial.Phase));
        Assert.Equal("failing-t1", done.Status.BestTrial);
        Assert.Equal("pvc://models/failing/trials/t1", done.Status.Output!.Uri);
    }

    [Fact]
    public async Task Reconcile_TrialWorseThanTheMedian_IsEarlyStoppedAndItsJobDeleted()
    {
        await using var search = await SearchHarness.StartAsync(cluster, "kt-search-median");
        cluster.Script("test/search-median:1", Finishes, Finishes, "run");
        var job = search.NewJob("median", "test/search-median:1", Grid(1, ("learningRate", Values(1e-4, 2e-4, 1))));
        await cluster.CreateAsync(job);

        await search.ReportAsync("median", await search.TrialPodAsync("median", 0), 10, 10, 0.5, final: true);
        await search.ReportAsync("median", await search.TrialPodAsync("median", 1), 10, 10, 0.6, final: true);
        var bad = await search.TrialPodAsync("median", 2);
        await search.ReportAsync("median", bad, 10, 100, 2.5, final: false);
        var done = await cluster.WaitForAsync(search.Namespace, "median", Finished, "the search to finish");

        Assert.Equal(FineTuneJobPhase.Succeeded, done.Status!.Phase);
        Assert.Equal([TrialPhase.Succeeded, TrialPhase.Succeeded, TrialPhase.EarlyStopped], done.Status.Trials!.Select(trial => trial.Phase));
        Assert.Equal("median-t0", done.Status.BestTrial);
        await ReconcilerCluster.UntilAsync(async () => await cluster.GetJobAsync(search.Namespace, "median-t2") is null, "the early-stopped trial's Job deleted");
        var events = await cluster.EventsAsync(search.Namespace, "median");
        Assert.Contains(events, item => item.Reason == SearchReasons.TrialEarlyStopped && item.Message.Contains("worse than the median 0.55", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconcile_RandomSearchAcrossAnOperatorRestart_RunsEachSeededTrialOnce()
    {
        await using var search = await SearchHarness.StartAsync(cluster, "kt-search-restart");
        const string image = "test/search-restart:1";
        cluster.Script(image, Finishes, Finishes, Finishes);
        var spec = NewSearch(SearchAlgorithm.Random, 3, 1, ("learningRate", Range(1e-5, 1e-3, "log")), ("batchSize", Values(8, 16, 32)));
        var job = search.NewJob("restart", image, spec);
        await cluster.CreateAsync(job);

        await cluster.WaitForAsync(search.Namespace, "restart", current => current.Status?.Trials?.Any(trial => trial.Name == "restart-t1") == true, "the second trial to start");
        await search.RestartOperatorAsync();
        var done = await cluster.WaitForAsync(search.Namespace, "restart", Finished, "the search to finish", TimeSpan.FromSeconds(30));

        Assert.Equal(FineTuneJobPhase.Succeeded, done.Status!.Phase);
        Assert.Equal(3, cluster.PodsStarted(image));
        var expected = Enumerable.Range(0, 3).Select(k => TrialSpec.Describe(SearchSpace.ParametersOf(job.Spec, k))).ToList();
        Assert.Equal(expected, done.Status.Trials!.Select(trial => TrialSpec.Describe(trial.Parameters)));
        Assert.Equal(3, expected.Distinct().Count());
    }

    public static TheoryData<string, string, string> InvalidSpaces => new()
    {
        { "minmax", """{"learningRate": {"min": 0.01, "max": 0.001}}""", "learningRate" },
        { "empty", """{"batchSize": {"values": []}}""", "batchSize" },
        { "unknown", """{"momentum": {"values": [0.9]}}""", "momentum" },
        { "lora", """{"loraR": {"values": [4, 8]}}""", "loraR" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpaces))]
    public async Task Create_InvalidSearchSpace_IsRejectedOrNotAccepted(string name, string parameters, string field)
    {
        var ns = ReconcilerCluster.SharedNamespace;
        var job = ReconcilerCluster.NewJob(ns, "invalid-" + name, ReconcilerCluster.DefaultImage);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(job))!.AsObject();
        manifest["spec"]!["search"] = System.Text.Json.Nodes.JsonNode.Parse($$"""{"algorithm": "random", "maxTrials": 2, "objective": {"metric": "eval_loss"}, "parameters": {{parameters}}}""");
        try
        {
            await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(manifest, FineTuneJob.Group, FineTuneJob.Version, ns, FineTuneJob.Plural);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            // The CRD's rules name the field (spec.search.parameters[...]) and what is wrong.
            Assert.Contains("spec.search.parameters", e.Response.Content, StringComparison.Ordinal);
            return;
        }

        var refused = await cluster.WaitForAsync(ns, job.Metadata.Name, current => ReconcilerCluster.Has(current, ConditionTypes.Accepted, ConditionReasons.InvalidSpec) || ReconcilerCluster.Condition(current, ConditionTypes.Accepted)?.Status == "False", "Accepted=False");
        Assert.Contains("spec.search.parameters." + field, ReconcilerCluster.Condition(refused, ConditionTypes.Accepted)!.Message, StringComparison.Ordinal);
        Assert.Empty((await cluster.Client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: "kubetune.io/job=" + job.Metadata.Name)).Items);
    }
}
