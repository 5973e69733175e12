using KubeTune.Operator.Api;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Serving;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>
/// spec.serving against the dev cluster with KServe's real InferenceService CRD (TestData, v0.20.0): the schema the
/// API server checks the operator's InferenceServices against is KServe's own. Each test has its own cluster, since
/// one installs the CRD part-way.
/// </summary>
public sealed class ServingIntegrationTests : IAsyncLifetime
{
    private const string Ns = ReconcilerCluster.SharedNamespace;
    private readonly ReconcilerCluster cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Reconcile_SucceededWithoutKServeThenKServeInstalled_KServeNotInstalledThenAnOwnedInferenceServiceFollowedToReady()
    {
        cluster.Script("test/serve:1", "exit:0 after:50ms");
        var job = ReconcilerCluster.NewJob(Ns, "sst2", "test/serve:1");
        job.Spec.Serving = new ServingSpec { MinReplicas = 1, Resources = new ResourcesSpec { Cpu = new ResourceQuantity("1"), Memory = new ResourceQuantity("2Gi") } };
        await cluster.CreateAsync(job);

        var notInstalled = await cluster.WaitForAsync(Ns, "sst2", HasServing(ConditionReasons.KServeNotInstalled), "Serving=False KServeNotInstalled");
        Assert.Equal(FineTuneJobPhase.Succeeded, notInstalled.Status!.Phase);
        Assert.Equal("False", ReconcilerCluster.Condition(notInstalled, ConditionTypes.Serving)!.Status);
        Assert.Equal("True", ReconcilerCluster.Condition(notInstalled, "Ready")!.Status);
        Assert.False(notInstalled.Status.Serving!.Ready);

        await InstallKServeCrdAsync();
        await TouchAsync("sst2");
        var created = await cluster.WaitForAsync(Ns, "sst2", HasServing(ConditionReasons.InferenceServiceNotReady), "Serving=False InferenceServiceNotReady");
        var service = await InferenceServiceAsync("sst2");
        Assert.NotNull(service);
        var owner = service.Value.GetProperty("metadata").GetProperty("ownerReferences")[0];
        Assert.Equal(created.Metadata.Uid, owner.GetProperty("uid").GetString());
        Assert.True(owner.GetProperty("controller").GetBoolean());
        var model = service.Value.GetProperty("spec").GetProperty("predictor").GetProperty("model");
        Assert.Equal("huggingface", model.GetProperty("modelFormat").GetProperty("name").GetString());
        Assert.Equal("pvc://models/sst2", model.GetProperty("storageUri").GetString());
        Assert.Equal(["--model_name=sst2", "--task=sequence_classification"], model.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()));
        Assert.Equal("2Gi", model.GetProperty("resources").GetProperty("limits").GetProperty("memory").GetString());
        Assert.Equal("sst2", created.Status!.Serving!.InferenceService);

        // What KServe's controller reports once the predictor is up.
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"url":"http://sst2.kt-reconcile.example.com","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""", V1Patch.PatchType.MergePatch),
            InferenceServices.Group, InferenceServices.Version, Ns, InferenceServices.Plural, "sst2");
        await TouchAsync("sst2");
        var ready = await cluster.WaitForAsync(Ns, "sst2", HasServing(ConditionReasons.InferenceServiceReady), "Serving=True InferenceServiceReady");

        Assert.Equal("True", ReconcilerCluster.Condition(ready, ConditionTypes.Serving)!.Status);
        Assert.Equal("http://sst2.kt-reconcile.example.com", ready.Status!.Serving!.Url);
        Assert.True(ready.Status.Serving.Ready);
        Assert.Equal(FineTuneJobPhase.Succeeded, ready.Status.Phase);

        await cluster.DeleteAsync(Ns, "sst2");
        await ReconcilerCluster.UntilAsync(async () => await InferenceServiceAsync("sst2") is null, "the InferenceService garbage-collected with its FineTuneJob");
    }

    [Fact]
    public async Task Reconcile_InstructionAdapterOutput_InferenceServiceServesTheBaseWithTheAdapterThroughVllm()
    {
        await InstallKServeCrdAsync();
        cluster.Script("test/adapter:1", "exit:0 after:50ms");
        var job = ReconcilerCluster.NewJob(Ns, "chat", "test/adapter:1");
        job.Spec.Task = FineTuneTask.Instruction;
        job.Spec.Model = new ModelSource { Uri = "hf://Qwen/Qwen2.5-0.5B-Instruct" };
        job.Spec.Method = new MethodSpec { Type = FineTuneMethod.Lora };
        job.Spec.Output = new OutputSpec { Uri = "pvc://models/chat-adapter", Format = OutputFormat.PeftAdapter };
        job.Spec.Serving = new ServingSpec { Resources = new ResourcesSpec { Gpus = 1 } };
        await cluster.CreateAsync(job);

        await cluster.WaitForAsync(Ns, "chat", HasServing(ConditionReasons.InferenceServiceNotReady), "Serving=False InferenceServiceNotReady");
        var predictor = (await InferenceServiceAsync("chat"))!.Value.GetProperty("spec").GetProperty("predictor");

        Assert.Equal(
            """[{"mountPath":"/mnt/models","uri":"hf://Qwen/Qwen2.5-0.5B-Instruct"},{"mountPath":"/mnt/adapters/chat","uri":"pvc://models/chat-adapter"}]""",
            JsonSerializer.Serialize(predictor.GetProperty("storageUris").EnumerateArray().Select(item => new SortedDictionary<string, string?>(item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString())))));
        Assert.False(predictor.GetProperty("model").TryGetProperty("storageUri", out _));
        Assert.Equal(
            ["--model_name=chat-base", "--task=text_generation", "--backend=vllm", "--enable-lora", "--lora-modules", "chat=/mnt/adapters/chat"],
            predictor.GetProperty("model").GetProperty("args").EnumerateArray().Select(arg => arg.GetString()));
        Assert.Equal("1", predictor.GetProperty("model").GetProperty("resources").GetProperty("limits").GetProperty("nvidia.com/gpu").GetString());
    }

    private static Func<FineTuneJob, bool> HasServing(string reason) =>
        job => ReconcilerCluster.Condition(job, ConditionTypes.Serving)?.Reason == reason;

    private async Task InstallKServeCrdAsync()
    {
        var path = Path.Combine(RepositoryRoot.Path, "tests", "Operator.Tests", "Controllers", "Integration", "TestData", "serving.kserve.io_inferenceservices.yaml");
        var crd = await CustomResourceDefinitionFile.ReadAsync(path);
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
    }

    // A label change is a watch event: the operator reconciles now instead of at its next recheck.
    private Task TouchAsync(string name) => cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
        new V1Patch("{\"metadata\":{\"labels\":{\"touched\":\"" + Guid.NewGuid().ToString("N") + "\"}}}", V1Patch.PatchType.MergePatch),
        FineTuneJob.Group, FineTuneJob.Version, Ns, FineTuneJob.Plural, name);

    private async Task<JsonElement?> InferenceServiceAsync(string name)
    {
        try
        {
            return (JsonElement)await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(InferenceServices.Group, InferenceServices.Version, Ns, InferenceServices.Plural, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
