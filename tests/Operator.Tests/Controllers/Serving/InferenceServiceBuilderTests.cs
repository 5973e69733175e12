using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Serving;

namespace KubeTune.Operator.Tests.Controllers.Serving;

public sealed class InferenceServiceBuilderTests
{
    public static TheoryData<string, string, string, string, string?, string> Outputs => new()
    {
        // task, output format, model uri, expected storage (model.storageUri, or the predictor's storageUris), runtime, expected args
        { FineTuneTask.TextClassification, OutputFormat.Safetensors, "pvc://models/bert", "pvc://models/out", null, "--model_name=job --task=sequence_classification" },
        { FineTuneTask.TextClassification, OutputFormat.PeftAdapter, "pvc://models/bert", "pvc://models/out/merged", null, "--model_name=job --task=sequence_classification" },
        { FineTuneTask.CausalLm, OutputFormat.Safetensors, "hf://gpt2", "pvc://models/out", null, "--model_name=job --task=text_generation" },
        { FineTuneTask.Instruction, OutputFormat.PeftAdapter, "hf://Qwen/Qwen2.5-0.5B@v1", "hf://Qwen/Qwen2.5-0.5B:v1 /mnt/models, pvc://models/out /mnt/adapters/job", null, "--model_name=job-base --task=text_generation --backend=vllm --enable-lora --lora-modules job=/mnt/adapters/job" },
        { FineTuneTask.CausalLm, OutputFormat.PeftAdapter, "pvc://models/llama", "pvc://models/llama /mnt/models, pvc://models/out /mnt/adapters/job", null, "--model_name=job-base --task=text_generation --backend=vllm --enable-lora --lora-modules job=/mnt/adapters/job" },
        { FineTuneTask.ImageClassification, OutputFormat.Safetensors, "pvc://models/resnet", "pvc://models/out", "my-vision-runtime", "--model_name=job" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Build_TaskAndOutputFormat_ServesTheOutputWithTheRuntimeTaskAndAdapterWhereTheRuntimeTakesOne(string task, string format, string modelUri, string storage, string? runtime, string args)
    {
        var job = Job(task, format, modelUri, new ServingSpec { Runtime = runtime });

        var plan = InferenceServiceBuilder.Build(job, "nvidia.com/gpu");

        var manifest = plan.Manifest!;
        var predictor = manifest["spec"]!["predictor"]!;
        var model = predictor["model"]!;
        Assert.Equal("serving.kserve.io/v1beta1", manifest["apiVersion"]!.GetValue<string>());
        Assert.Equal("InferenceService", manifest["kind"]!.GetValue<string>());
        Assert.Equal("huggingface", model["modelFormat"]!["name"]!.GetValue<string>());
        Assert.Equal(runtime, model["runtime"]?.GetValue<string>());
        var actualStorage = model["storageUri"]?.GetValue<string>()
            ?? string.Join(", ", predictor["storageUris"]!.AsArray().Select(item => $"{item!["uri"]} {item["mountPath"]}"));
        Assert.Equal(storage, actualStorage);
        Assert.Equal(args, string.Join(' ', model["args"]!.AsArray().Select(arg => arg!.GetValue<string>())));
        var owner = manifest["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("FineTuneJob", "uid-1", true), (owner["kind"]!.GetValue<string>(), owner["uid"]!.GetValue<string>(), owner["controller"]!.GetValue<bool>()));
        Assert.Equal("team-a", manifest["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public void Build_ResourcesAndReplicas_RequestsEqualLimitsWithTheOperatorsGpuResourceByDefault()
    {
        var job = Job(FineTuneTask.CausalLm, OutputFormat.Safetensors, "hf://gpt2", new ServingSpec
        {
            MinReplicas = 0, MaxReplicas = 3, Resources = new ResourcesSpec { Gpus = 2, Cpu = new ResourceQuantity("4"), Memory = new ResourceQuantity("16Gi") },
        });

        var predictor = InferenceServiceBuilder.Build(job, "amd.com/gpu").Manifest!["spec"]!["predictor"]!;

        Assert.Equal(0, predictor["minReplicas"]!.GetValue<int>());
        Assert.Equal(3, predictor["maxReplicas"]!.GetValue<int>());
        var resources = predictor["model"]!["resources"]!;
        Assert.Equal("""{"cpu":"4","memory":"16Gi","amd.com/gpu":"2"}""", resources["limits"]!.ToJsonString());
        Assert.Equal(resources["limits"]!.ToJsonString(), resources["requests"]!.ToJsonString());
    }

    public static TheoryData<string, string, string, string, string> Unservable => new()
    {
        // name, task, output uri, model uri, the message names
        { "job", FineTuneTask.ImageClassification, "pvc://models/out", "pvc://models/resnet", "spec.serving.runtime" },
        { "job", FineTuneTask.TextClassification, "file:///models/out", "pvc://models/bert", "not a pvc:// location" },
        { "job.v2", FineTuneTask.TextClassification, "pvc://models/out", "pvc://models/bert", "DNS-1035" },
        { "job", FineTuneTask.Instruction, "pvc://models/out", "https://example.com/model", "output.format safetensors" },
    };

    [Theory]
    [MemberData(nameof(Unservable))]
    public void Build_OutputKServeCannotServe_NoManifestAndServingUnsupportedNamingWhy(string name, string task, string outputUri, string modelUri, string named)
    {
        var job = Job(task, task == FineTuneTask.Instruction ? OutputFormat.PeftAdapter : OutputFormat.Safetensors, modelUri, new ServingSpec(), name);
        job.Spec.Output.Uri = outputUri;

        var plan = InferenceServiceBuilder.Build(job, "nvidia.com/gpu");

        Assert.Null(plan.Manifest);
        Assert.Equal(ConditionReasons.ServingUnsupported, plan.Reason);
        Assert.Contains(named, plan.Message, StringComparison.Ordinal);
    }

    private static FineTuneJob Job(string task, string format, string modelUri, ServingSpec serving, string name = "job") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team-a", Uid = "uid-1" },
        Spec = new FineTuneJobSpec
        {
            Model = new ModelSource { Uri = modelUri },
            Task = task,
            Dataset = new DatasetSpec { Uri = "pvc://data/train.jsonl" },
            Output = new OutputSpec { Uri = "pvc://models/out", Format = format },
            Serving = serving,
        },
    };
}
