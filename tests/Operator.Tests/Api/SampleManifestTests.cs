using System.Text.Json.Nodes;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Operator.Tests.Api;

public sealed class SampleManifestTests
{
    public static TheoryData<string> Samples => new(RepositoryFiles.SamplePaths);

    [Fact]
    public void Samples_Folder_HasEveryScenarioTheDocsPromise()
    {
        var jobs = RepositoryFiles.SamplePaths.Select(path => Deserialize(RepositoryFiles.LoadManifest(path))).ToList();

        Assert.Contains(jobs, j => j.Spec.Task == FineTuneTask.TextClassification && j.Spec.Method?.Type == FineTuneMethod.Full && j.Spec.Model.Uri.Contains("bert", StringComparison.Ordinal));
        Assert.Contains(jobs, j => j.Spec.Task == FineTuneTask.Instruction && j.Spec.Method?.Type == FineTuneMethod.Lora && j.Spec.Output.Format == OutputFormat.PeftAdapter && j.Spec.Model.Uri.Contains("llama", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(jobs, j => j.Spec.Task == FineTuneTask.ImageClassification && j.Spec.Method?.Type == FineTuneMethod.Head && j.Spec.Model.Uri.Contains("resnet", StringComparison.Ordinal));
        Assert.Contains(jobs, j => j.Spec.Search is { Parameters.Count: > 0 });
        Assert.Contains(jobs, j => j.Spec.Suspend == true && j.Metadata.Labels?.ContainsKey("kueue.x-k8s.io/queue-name") == true);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_AdmittedLikeTheApiServer_HasNoFieldErrors(string path)
    {
        var manifest = RepositoryFiles.LoadManifest(path);

        var errors = ManifestPipeline.Admit(manifest);

        Assert.True(errors.Count == 0, $"{path}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_DeserializedWithKubernetesJson_KeepsEveryFieldOnRoundTrip(string path)
    {
        var manifest = RepositoryFiles.LoadManifest(path);

        var job = Deserialize(manifest);
        var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(job))!.AsObject();

        Assert.Equal(FineTuneJob.GroupVersion, job.ApiVersion);
        Assert.Equal(FineTuneJob.KindName, job.Kind);
        Assert.False(string.IsNullOrEmpty(job.Metadata.Name));
        Assert.True(JsonEquivalent(manifest, roundTripped), $"{path}: round trip changed the manifest\nbefore: {manifest.ToJsonString()}\nafter:  {roundTripped.ToJsonString()}");
    }

    [Fact]
    public void TextClassificationSample_AfterDefaulting_CarriesTheCrdDefaults()
    {
        var manifest = RepositoryFiles.LoadManifest("config/samples/text-classification-bert.yaml");
        manifest.With("spec.hyperparameters", new JsonObject { ["epochs"] = 1 });

        Assert.Empty(ManifestPipeline.Admit(manifest));
        var job = Deserialize(manifest);

        Assert.Equal(5e-5, job.Spec.Hyperparameters!.LearningRate);
        Assert.Equal(8, job.Spec.Hyperparameters.BatchSize);
        Assert.Null(job.Spec.Hyperparameters.MaxSteps);
        Assert.Equal(3, job.Spec.BackoffLimit);
        Assert.False(job.Spec.Suspend);
        Assert.Equal("nvidia.com/gpu", job.Spec.Resources!.GpuResourceName);
        Assert.Equal(OutputFormat.Safetensors, job.Spec.Output.Format);
    }

    private static FineTuneJob Deserialize(JsonObject manifest) =>
        KubernetesJson.Deserialize<FineTuneJob>(manifest.ToJsonString());

    // Numbers compare by value (2.0e-5 and 2E-05 are the same); everything else must match exactly.
    private static bool JsonEquivalent(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(e => y.ContainsKey(e.Key) && JsonEquivalent(e.Value, y[e.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => JsonEquivalent(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number
            => double.Parse(x.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) == double.Parse(y.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonNode.DeepEquals(a, b),
    };
}
