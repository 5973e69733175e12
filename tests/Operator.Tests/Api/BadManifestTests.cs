using System.Text.Json.Nodes;
using KubeTune.DevCluster.Validation;

namespace KubeTune.Operator.Tests.Api;

public sealed class BadManifestTests
{
    private const string BertSample = "config/samples/text-classification-bert.yaml";
    private const string LoraSample = "config/samples/instruction-llama-lora.yaml";
    private const string ResnetSample = "config/samples/image-classification-resnet.yaml";
    private const string SearchSample = "config/samples/hyperparameter-search.yaml";

    [Theory]
    // Wrong type
    [InlineData(BertSample, "spec.hyperparameters.batchSize", "\"big\"", "spec.hyperparameters.batchSize", "must be of type integer: \"string\"")]
    [InlineData(BertSample, "spec.hyperparameters.epochs", "1.5", "spec.hyperparameters.epochs", "must be of type integer: \"number\"")]
    [InlineData(BertSample, "spec.suspend", "\"yes\"", "spec.suspend", "must be of type boolean")]
    [InlineData(BertSample, "spec.tolerations", "{\"key\":\"gpu\"}", "spec.tolerations", "must be of type array")]
    // Out of range
    [InlineData(BertSample, "spec.hyperparameters.learningRate", "0", "spec.hyperparameters.learningRate", "Invalid value: 0: spec.hyperparameters.learningRate in body should be greater than 0")]
    [InlineData(BertSample, "spec.hyperparameters.warmupRatio", "1.5", "spec.hyperparameters.warmupRatio", "should be less than or equal to 1")]
    [InlineData(BertSample, "spec.hyperparameters.batchSize", "0", "spec.hyperparameters.batchSize", "should be greater than or equal to 1")]
    [InlineData(BertSample, "spec.dataset.validationSplit", "1", "spec.dataset.validationSplit", "should be less than 1")]
    [InlineData(LoraSample, "spec.method.lora.dropout", "1.0", "spec.method.lora.dropout", "should be less than 1")]
    [InlineData(LoraSample, "spec.method.lora.r", "0", "spec.method.lora.r", "should be greater than or equal to 1")]
    [InlineData(BertSample, "spec.backoffLimit", "-1", "spec.backoffLimit", "should be greater than or equal to 0")]
    // Unknown enum value
    [InlineData(BertSample, "spec.method.type", "\"xyz\"", "spec.method.type", "Unsupported value: \"xyz\": supported values: \"full\", \"lora\", \"head\"")]
    [InlineData(BertSample, "spec.task", "\"translation\"", "spec.task", "Unsupported value: \"translation\"")]
    [InlineData(BertSample, "spec.hyperparameters.precision", "\"fp8\"", "spec.hyperparameters.precision", "supported values: \"fp32\", \"fp16\", \"bf16\"")]
    // Bad URI
    [InlineData(BertSample, "spec.output.uri", "\"hf://me/bert\"", "spec.output.uri", "spec.output.uri in body should match")]
    [InlineData(BertSample, "spec.model.uri", "\"models/bert\"", "spec.model.uri", "should match")]
    // Cross-field rules (CEL)
    [InlineData(BertSample, "spec.hyperparameters.maxSteps", "1000", "spec.hyperparameters", "set at most one of epochs and maxSteps")]
    [InlineData(BertSample, "spec.method.lora", "{\"r\":8}", "spec.method", "Invalid value: \"object\": method.lora may only be set when method.type is lora")]
    [InlineData(BertSample, "spec.dataset.validationSplit", "0.1", "spec.dataset", "set at most one of validationUri and validationSplit")]
    [InlineData(BertSample, "spec.output.format", "\"peft-adapter\"", "spec.output.format", "output.format peft-adapter requires method.type lora")]
    [InlineData(ResnetSample, "spec.task", "\"causal-lm\"", "spec.method.type", "method.type head needs a classification task")]
    [InlineData(SearchSample, "spec.search.parameters.learningRate.max", "1.0e-6", "spec.search.parameters[learningRate].min", "min must be less than max")]
    [InlineData(SearchSample, "spec.search.parameters.learningRate.min", "0", "spec.search.parameters[learningRate].scale", "a log scale needs min greater than 0")]
    [InlineData(SearchSample, "spec.search.parameters.batchSize.min", "4", "spec.search.parameters[batchSize]", "set either values, or min and max")]
    [InlineData(SearchSample, "spec.search.parameters.dropoutRate", "{\"min\":0,\"max\":0.5}", "spec.search.parameters", "parameters may only name learningRate")]
    [InlineData(SearchSample, "spec.search.parallelTrials", "9", "spec.search.parallelTrials", "parallelTrials may not exceed maxTrials")]
    public void Manifest_WithABrokenField_IsRejectedNamingTheField(string sample, string field, string valueJson, string expectedPath, string expectedMessage)
    {
        var manifest = RepositoryFiles.LoadManifest(sample).With(field, JsonNode.Parse(valueJson));

        var errors = ManifestPipeline.Admit(manifest);

        var error = Assert.Single(errors, e => e.Path == expectedPath);
        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(expectedPath + ": ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec.model", "spec.model")]
    [InlineData("spec.task", "spec.task")]
    [InlineData("spec.dataset.uri", "spec.dataset.uri")]
    [InlineData("spec.output.uri", "spec.output.uri")]
    [InlineData("spec", "spec")]
    public void Manifest_WithoutARequiredField_IsRejectedAsRequiredValue(string field, string expectedPath)
    {
        var manifest = RepositoryFiles.LoadManifest(BertSample).With(field, null, remove: true);

        var errors = ManifestPipeline.Admit(manifest);

        var error = Assert.Single(errors, e => e.Path == expectedPath);
        Assert.Equal("FieldValueRequired", error.Type);
        Assert.Equal($"{expectedPath}: Required value", error.ToString());
    }

    [Fact]
    public void Manifest_WithAnUnknownField_HasItPrunedAndReported()
    {
        var manifest = RepositoryFiles.LoadManifest(BertSample).With("spec.hyperparameters.learningRateWarmup", 5);

        var pruned = CustomResourceValidation.Prune(RepositoryFiles.Schema, manifest);

        Assert.Equal(["spec.hyperparameters.learningRateWarmup"], pruned);
        Assert.False(manifest["spec"]!["hyperparameters"]!.AsObject().ContainsKey("learningRateWarmup"));
        Assert.Empty(ManifestPipeline.Admit(manifest));
    }

    [Fact]
    public void Update_OfARunningJobsSpec_IsRejectedAsImmutable()
    {
        var old = RunningJob();
        var changed = ((JsonObject)old.DeepClone()).With("spec.hyperparameters.learningRate", 1e-4);

        var errors = ManifestPipeline.Admit(changed, old);

        var error = Assert.Single(errors);
        Assert.Equal("spec", error.Path);
        Assert.Contains("the spec of a running job is immutable except spec.suspend", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec.tolerations", "[{\"key\":\"gpu\",\"operator\":\"Exists\"}]")]
    [InlineData("spec.image", "\"registry.example.com/kubetune/trainer:v2\"")]
    [InlineData("spec.search", "{\"objective\":{\"metric\":\"eval_loss\"},\"parameters\":{\"learningRate\":{\"values\":[1e-5]}}}")]
    public void Update_OfARunningJob_AddingAnOptionalField_IsRejectedAsImmutable(string field, string valueJson)
    {
        var old = RunningJob();
        var changed = ((JsonObject)old.DeepClone()).With(field, JsonNode.Parse(valueJson));

        var errors = ManifestPipeline.Admit(changed, old);

        Assert.Contains(errors, e => e.Path == "spec" && e.Message.Contains("immutable", StringComparison.Ordinal));
    }

    [Fact]
    public void Update_OfARunningJob_ChangingOnlySuspendOrLabels_IsAccepted()
    {
        var old = RunningJob();
        var changed = ((JsonObject)old.DeepClone()).With("spec.suspend", true).With("metadata.labels", new JsonObject { ["team"] = "nlp" });

        Assert.Empty(ManifestPipeline.Admit(changed, old));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void Update_OfAFinishedJob_RejectedSayingToCreateANewJob(string phase)
    {
        var old = RunningJob().With("status.phase", phase);
        var changed = ((JsonObject)old.DeepClone()).With("spec.hyperparameters.learningRate", 1e-4);

        Assert.Contains(ManifestPipeline.Admit(changed, old), problem => problem.Message.Contains("create a new FineTuneJob", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Suspended")]
    [InlineData("Pending")]
    public void Update_OfAJobThatIsNotRunning_MayChangeTheSpec(string phase)
    {
        var old = RunningJob().With("status.phase", phase);
        var changed = ((JsonObject)old.DeepClone()).With("spec.hyperparameters.learningRate", 1e-4);

        Assert.Empty(ManifestPipeline.Admit(changed, old));
    }

    private static JsonObject RunningJob()
    {
        var job = RepositoryFiles.LoadManifest(BertSample);
        Assert.Empty(ManifestPipeline.Admit(job));
        return job.With("status", new JsonObject { ["phase"] = "Running", ["progress"] = new JsonObject { ["step"] = 10 } });
    }
}
