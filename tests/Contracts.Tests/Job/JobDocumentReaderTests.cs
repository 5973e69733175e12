namespace KubeTune.Contracts.Tests.Job;

public sealed class JobDocumentReaderTests
{
    private const string Manifest = """
        apiVersion: kubetune.io/v1alpha1
        kind: FineTuneJob
        metadata: {name: tiny, namespace: ml}
        spec:
          model: {uri: file:///models/tiny}
          task: causal-lm
          dataset: {uri: file:///data/train.jsonl}
          output: {uri: file:///out/tiny}
          resources: {gpus: 1, cpu: "2"}
          nodeSelector: {gpu: h100}
          suspend: false
        """;

    [Fact]
    public void Read_Manifest_KeepsTrainingSectionsAndSkipsTheOperatorsFields()
    {
        var document = JobDocumentReader.Read(Manifest, "job.yaml");

        Assert.Equal(new JobIdentity("ml", "tiny"), document.Job);
        Assert.Equal("causal-lm", document.Spec.Task);
        Assert.Equal("file:///out/tiny", document.Spec.Output.Uri);
        Assert.Null(document.Workspace);
    }

    [Theory]
    [InlineData("  hyperparameters: {maxStep: 60}", "job.yaml: unknown field 'spec.hyperparameters.maxStep'")]
    [InlineData("  method: {type: lora, lora: {rank: 4}}", "job.yaml: unknown field 'spec.method.lora.rank'")]
    [InlineData("  datasets: {uri: x}", "job.yaml: unknown field 'spec.datasets'")]
    [InlineData("  hyperparameters: {batchSize: [8]}", "job.yaml: field 'spec.hyperparameters.batchSize' must be an integer")]
    [InlineData("  dataset: {uri: file:///d.jsonl, skipInvalid: maybe}", "job.yaml: field 'spec.dataset.skipInvalid' must be true or false")]
    [InlineData("  task: [causal-lm]", "job.yaml: field 'spec.task' must be a string")]
    public void Read_ManifestWithMistake_NamesTheFullPathOfTheField(string line, string expected)
    {
        var error = Assert.Throws<ContractException>(() => JobDocumentReader.Read(Manifest.Replace("  dataset: {uri: file:///data/train.jsonl}\n", "", StringComparison.Ordinal).Replace("  task: causal-lm\n", "", StringComparison.Ordinal) + "\n" + line + "\n" + Restored(line), "job.yaml"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    // The line under test replaces dataset or task when it sets them; otherwise they are put back.
    private static string Restored(string line) =>
        (line.StartsWith("  dataset:", StringComparison.Ordinal) ? "" : "  dataset: {uri: file:///data/train.jsonl}\n")
        + (line.StartsWith("  task:", StringComparison.Ordinal) ? "" : "  task: causal-lm\n");

    [Fact]
    public void Read_UnknownTopLevelField_IsRefused()
    {
        var error = Assert.Throws<ContractException>(() => JobDocumentReader.Read(Manifest.Replace("spec:", "specs: {}\nspec:", StringComparison.Ordinal), "job.yaml"));

        Assert.Equal("job.yaml: unknown field 'specs'", error.Message);
    }

    [Fact]
    public void Read_JobFileWithUnknownWorkspaceField_NamesIt()
    {
        var json = JobResolver.RenderJobFile(new JobIdentity("ml", "tiny"), JobDocumentReader.Read(Manifest, "x").Spec, new WorkspacePaths { OutputPath = "/workspace/output" })
            .Replace("\"outputPath\"", "\"outputDirectory\"", StringComparison.Ordinal);

        var error = Assert.Throws<ContractException>(() => JobDocumentReader.Read(json, "job.json"));

        Assert.Equal("job.json: unknown field 'workspace.outputDirectory'", error.Message);
    }
}
