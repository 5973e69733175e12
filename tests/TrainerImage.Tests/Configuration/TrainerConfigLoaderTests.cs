using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Tests.Data;

namespace KubeTune.Trainer.Tests.Configuration;

public sealed class TrainerConfigLoaderTests
{
    // The shape the operator's TrainerConfigRenderer writes into the job's ConfigMap (every default written out).
    private const string RenderedJson = """
        {
          "apiVersion": "kubetune.io/v1alpha1",
          "kind": "TrainerConfig",
          "job": { "namespace": "ml", "name": "sst2" },
          "spec": {
            "task": "text-classification",
            "model": { "uri": "pvc://models/bert-tiny" },
            "dataset": {
              "uri": "pvc://data/sst2/train.jsonl", "validationUri": "pvc://data/sst2/dev.jsonl",
              "fields": { "text": "sentence" }, "skipInvalid": true
            },
            "method": { "type": "lora", "lora": { "r": 4, "targetModules": ["query", "value"] } },
            "hyperparameters": { "learningRate": 0.0002, "batchSize": 16, "maxSteps": 300, "scheduler": "cosine", "precision": "bf16", "seed": 7 },
            "earlyStopping": { "metric": "eval_accuracy", "patience": 2 },
            "checkpoint": { "everySteps": 50 },
            "output": { "uri": "pvc://models/out", "format": "peft-adapter" }
          },
          "workspace": {
            "modelPath": "/workspace/model", "datasetPath": "/workspace/data/train.jsonl", "validationPath": "/workspace/data/dev.jsonl",
            "checkpointsPath": "/workspace/checkpoints", "outputPath": "/workspace/output", "checkpointsUri": "pvc://models/out-checkpoints"
          }
        }
        """;

    private const string ManifestYaml = """
        apiVersion: kubetune.io/v1alpha1
        kind: FineTuneJob
        metadata:
          name: gpt2-wiki
          namespace: team-a
        spec:
          model:
            uri: hf://openai-community/gpt2@main
          task: causal-lm
          dataset:
            uri: file:///data/wiki.jsonl
            validationSplit: 0.1
          output:
            uri: file:///out/gpt2-wiki
          resources: {gpus: 1}
        """;

    [Fact]
    public void Parse_RenderedJson_ReadsEveryFieldAndKeepsPodPaths()
    {
        var config = TrainerConfigLoader.Parse(RenderedJson, "job.json");

        Assert.Equal(new JobIdentity("ml", "sst2"), config.Job);
        Assert.Equal(FineTuneTask.TextClassification, config.Task);
        Assert.Equal(new ModelSection("pvc://models/bert-tiny"), config.Model);
        Assert.Equal("/workspace/model", config.Workspace.ModelPath);
        Assert.Equal("/workspace/data/dev.jsonl", config.Workspace.ValidationPath);
        Assert.Equal(new DatasetFieldNames(Text: "sentence"), config.Dataset.Fields);
        Assert.True(config.Dataset.SkipInvalid);
        Assert.Equal(FineTuneMethod.Lora, config.Method.Type);
        Assert.Equal(4, config.Method.Lora!.R);
        Assert.Equal(16, config.Method.Lora.Alpha);
        Assert.Equal(["query", "value"], config.Method.Lora.TargetModules!);
        Assert.Equal(300, config.Hyperparameters.MaxSteps);
        Assert.Equal(0.0002, config.Hyperparameters.LearningRate);
        Assert.Equal("cosine", config.Hyperparameters.Scheduler);
        Assert.Equal(7, config.Hyperparameters.Seed);
        Assert.Equal(new EarlyStoppingSection("eval_accuracy", 2), config.EarlyStopping);
        Assert.Equal(new CheckpointSection(50, 2), config.Checkpoint);
        Assert.Equal("/workspace/checkpoints", config.Workspace.CheckpointsPath);
        Assert.Equal("pvc://models/out-checkpoints", config.Workspace.CheckpointsUri);
        Assert.Equal(new OutputSection("pvc://models/out", OutputFormat.PeftAdapter), config.Output);
    }

    [Fact]
    public void Parse_ManifestYaml_AppliesTheContractDefaults()
    {
        var config = TrainerConfigLoader.Parse(ManifestYaml, "job.yaml");

        Assert.Equal(new JobIdentity("team-a", "gpt2-wiki"), config.Job);
        Assert.Equal(Defaults.LearningRate, config.Hyperparameters.LearningRate);
        Assert.Equal(5e-5, config.Hyperparameters.LearningRate);
        Assert.Equal(8, config.Hyperparameters.BatchSize);
        Assert.Equal(1, config.Hyperparameters.Epochs);
        Assert.Equal(512, config.Hyperparameters.MaxSequenceLength);
        Assert.Equal(42, config.Hyperparameters.Seed);
        Assert.Equal(new MethodSection(FineTuneMethod.Full, null), config.Method);
        Assert.Equal(new CheckpointSection(200, 2), config.Checkpoint);
        Assert.Equal(OutputFormat.Safetensors, config.Output.Format);
        Assert.Equal(0.1, config.Dataset.ValidationSplit);
        Assert.Equal(new DatasetFieldNames(), config.Dataset.Fields);
        Assert.False(config.Dataset.SkipInvalid);
        Assert.Null(config.EarlyStopping);
        Assert.Null(config.Workspace.OutputPath);
        Assert.Equal("file:///out/gpt2-wiki-checkpoints", config.Workspace.CheckpointsUri);
    }

    [Fact]
    public void Parse_SameManifestAsYamlAndJson_GivesEqualConfigs()
    {
        const string json = """
            {"apiVersion": "kubetune.io/v1alpha1", "kind": "FineTuneJob", "metadata": {"name": "gpt2-wiki", "namespace": "team-a"},
             "spec": {"model": {"uri": "hf://openai-community/gpt2@main"}, "task": "causal-lm",
                      "dataset": {"uri": "file:///data/wiki.jsonl", "validationSplit": 0.1},
                      "output": {"uri": "file:///out/gpt2-wiki"}, "resources": {"gpus": 1}}}
            """;

        var fromYaml = TrainerConfigLoader.Parse(ManifestYaml, "job");
        var fromJson = TrainerConfigLoader.Parse(json, "job");

        Assert.Equal(fromYaml with { Workspace = new() }, fromJson with { Workspace = new() });
        Assert.Equal(fromYaml.Workspace.CheckpointsUri, fromJson.Workspace.CheckpointsUri);
    }

    [Fact]
    public void Parse_EvalStepsInRenderedJsonAndManifest_ReadsItFromBoth()
    {
        var rendered = TrainerConfigLoader.Parse(RenderedJson.Replace("\"seed\": 7", "\"seed\": 7, \"evalSteps\": 25", StringComparison.Ordinal), "job.json");
        var manifest = TrainerConfigLoader.Parse(ManifestYaml + "\n  hyperparameters:\n    evalSteps: 25\n", "job.yaml");

        Assert.Equal(25, rendered.Hyperparameters.EvalSteps);
        Assert.Equal(25, manifest.Hyperparameters.EvalSteps);
        Assert.Null(TrainerConfigLoader.Parse(ManifestYaml, "job.yaml").Hyperparameters.EvalSteps);
    }

    [Theory]
    [InlineData("maxStep: 60", "unknown field 'spec.hyperparameters.maxStep'")]
    [InlineData("learningrate: 0.1", "unknown field 'spec.hyperparameters.learningrate'")]
    [InlineData("batchSize: lots", "field 'spec.hyperparameters.batchSize' must be an integer")]
    [InlineData("batchSize: 2.5", "field 'spec.hyperparameters.batchSize' must be an integer")]
    [InlineData("batchSize: 0", "field 'spec.hyperparameters.batchSize' must be at least 1 and at most 4096, got 0")]
    [InlineData("learningRate: 0", "field 'spec.hyperparameters.learningRate' must be greater than 0 and at most 1, got 0")]
    [InlineData("scheduler: exponential", "field 'spec.hyperparameters.scheduler' must be one of linear, cosine")]
    [InlineData("epochs: 2\n    maxSteps: 10", "field 'spec.hyperparameters.maxSteps' and epochs are both set")]
    [InlineData("warmupRatio: 1.5", "field 'spec.hyperparameters.warmupRatio' must be at least 0 and at most 1, got 1.5")]
    [InlineData("evalSteps: 0", "field 'spec.hyperparameters.evalSteps' must be at least 1, got 0")]
    public void Load_BadHyperparameter_ErrorNamesFileAndField(string line, string expected)
    {
        using var directory = new TempDirectory();
        var file = directory.Write("job.yaml", ManifestYaml + "\n  hyperparameters:\n    " + line + "\n");

        var error = Assert.Throws<InvalidInputException>(() => TrainerConfigLoader.Load(file));

        Assert.StartsWith(file + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"task\": \"text-classification\"", "\"task\": \"summarize\"", "spec.task")]
    [InlineData("\"format\": \"peft-adapter\"", "\"format\": \"onnx\"", "spec.output.format")]
    [InlineData("\"uri\": \"pvc://models/out\"", "\"uri\": \"hf://me/out\"", "spec.output.uri")]
    [InlineData("\"uri\": \"pvc://models/out\"", "\"uri\": \"pvc://../out\"", "spec.output.uri")]
    [InlineData("\"uri\": \"pvc://models/bert-tiny\"", "\"uri\": \"http://example.com/bert\"", "spec.model.uri")]
    [InlineData("\"type\": \"lora\"", "\"type\": \"full\"", "spec.method.lora")]
    [InlineData("\"kind\": \"TrainerConfig\"", "\"kind\": \"Pod\"", "kind")]
    [InlineData("\"outputPath\"", "\"outputDir\"", "workspace.outputDir")]
    public void Parse_InvalidRenderedValue_ErrorNamesField(string original, string replacement, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainerConfigLoader.Parse(RenderedJson.Replace(original, replacement, StringComparison.Ordinal), "job.json"));

        Assert.StartsWith("job.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingDataset_SaysItIsRequired()
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainerConfigLoader.Parse(ManifestYaml.Replace("  dataset:\n    uri: file:///data/wiki.jsonl\n    validationSplit: 0.1\n", "", StringComparison.Ordinal), "job.yaml"));

        Assert.Equal("job.yaml: field 'spec.dataset.uri' is required", error.Message);
    }

    [Fact]
    public void Parse_SeveralYamlDocuments_PicksTheFineTuneJob()
    {
        var config = TrainerConfigLoader.Parse("apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata: {name: q}\n---\n" + ManifestYaml, "both.yaml");

        Assert.Equal("gpt2-wiki", config.Job.Name);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainerConfigLoader.Load("/nonexistent/job.json"));

        Assert.Contains("/nonexistent/job.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_NamesTheLine()
    {
        var error = Assert.Throws<InvalidInputException>(() => TrainerConfigLoader.Parse("kind: FineTuneJob\nspec:\n  model: [unclosed\n", "job.yaml"));

        Assert.Contains("job.yaml: invalid YAML at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EverySampleManifest_LoadsWithoutError()
    {
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "config", "samples"), "*.yaml");
        var loaded = samples
            .Where(file => File.ReadAllText(file).Contains("kind: FineTuneJob", StringComparison.Ordinal))
            .Select(TrainerConfigLoader.Load)
            .ToList();

        Assert.NotEmpty(loaded);
        Assert.All(loaded, config => Assert.Contains(config.Task, FineTuneTask.All));
    }
}
