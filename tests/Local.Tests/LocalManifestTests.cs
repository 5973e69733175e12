
namespace KubeTune.Local.Tests;

public sealed class LocalManifestTests : IDisposable
{
    private readonly LocalRunFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Load_TwoDocuments_ReadsBothDefaultingTheNamespaceAndResolvingRelativeFileUris()
    {
        var file = fixture.Write("samples/jobs.yaml", """
            apiVersion: kubetune.io/v1alpha1
            kind: FineTuneJob
            metadata: {name: a}
            spec:
              model: {uri: "file://../models/tiny"}
              dataset: {uri: file://data/train.jsonl, validationUri: "file:///abs/val.jsonl"}
              output: {uri: pvc://models/a}
            ---
            apiVersion: kubetune.io/v1alpha1
            kind: FineTuneJob
            metadata: {name: b, namespace: team}
            spec:
              model: {uri: hf://google-bert/bert-base-uncased}
              hyperparameters: {learningRate: 2e-4, batchSize: 8}
            """);

        var jobs = LocalManifest.Load(file);

        Assert.Equal(2, jobs.Count);
        Assert.Equal("default", jobs[0]["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("file://" + Path.Combine(fixture.Root, "models", "tiny"), jobs[0]["spec"]!["model"]!["uri"]!.GetValue<string>());
        Assert.Equal("file://" + Path.Combine(fixture.Root, "samples", "data", "train.jsonl"), jobs[0]["spec"]!["dataset"]!["uri"]!.GetValue<string>());
        Assert.Equal("file:///abs/val.jsonl", jobs[0]["spec"]!["dataset"]!["validationUri"]!.GetValue<string>());
        Assert.Equal("team", jobs[1]["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(2e-4, jobs[1]["spec"]!["hyperparameters"]!["learningRate"]!.GetValue<double>());
        Assert.Equal(8, jobs[1]["spec"]!["hyperparameters"]!["batchSize"]!.GetValue<long>());
    }

    [Fact]
    public void Load_NotAFineTuneJob_ThrowsNamingFileAndLine()
    {
        var file = fixture.Write("jobs.yaml", "apiVersion: kubetune.io/v1alpha1\nkind: FineTuneJob\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");

        var error = Assert.Throws<FormatException>(() => LocalManifest.Load(file));

        Assert.StartsWith($"{file}:5: expected apiVersion kubetune.io/v1alpha1, kind FineTuneJob; got apiVersion 'v1', kind 'ConfigMap'", error.Message);
    }

    [Fact]
    public void Load_InvalidYaml_ThrowsNamingFileAndLine()
    {
        var file = fixture.Write("jobs.yaml", "apiVersion: kubetune.io/v1alpha1\nkind: [FineTuneJob\n");

        var error = Assert.Throws<FormatException>(() => LocalManifest.Load(file));

        Assert.StartsWith($"{file}:", error.Message);
        Assert.Contains("invalid YAML", error.Message);
    }
}
