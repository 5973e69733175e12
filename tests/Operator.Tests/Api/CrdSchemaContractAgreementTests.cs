using System.Text.Json.Nodes;

namespace KubeTune.Operator.Tests.Api;

/// <summary>The CRD and the job contract agree on bounds, allowed values and defaults; each check is shown to fail when one side changes.</summary>
public sealed class CrdSchemaContractAgreementTests
{
    // With neither epochs nor maxSteps one epoch is trained; the schema cannot default epochs (the two exclude each other).
    private static readonly string[] DefaultsOnlyInCSharp = ["hyperparameters.epochs"];

    // Every optional section present, so each nested default is compared.
    private static TrainingSpec EverySection() => new()
    {
        Task = FineTuneTask.TextClassification,
        Model = new ModelSource { Uri = "pvc://models/bert" },
        Dataset = new DatasetSpec { Uri = "pvc://data/train.jsonl", Fields = new DatasetFields() },
        Method = new MethodSpec { Type = FineTuneMethod.Lora, Lora = new LoraSpec() },
        Hyperparameters = new Hyperparameters(),
        EarlyStopping = new EarlyStoppingSpec(),
        Checkpoint = new CheckpointSpec(),
        Search = new SearchSpec { Objective = new SearchObjective { Metric = MetricName.EvalLoss }, Parameters = { ["learningRate"] = new SearchParameter { Min = 1e-5, Max = 1e-3 } } },
        Output = new OutputSpec { Uri = "pvc://models/out" },
    };

    [Fact]
    public void Schema_BoundsAndEnums_AgreeWithTheContractAttributes()
    {
        var problems = ContractSchemaComparison.BoundsAndEnums(RepositoryFiles.Schema);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Schema_Defaults_AgreeWithJobDefaults()
    {
        var problems = ContractSchemaComparison.Defaults(RepositoryFiles.Schema, EverySection(), DefaultsOnlyInCSharp);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("hyperparameters.learningRate", "default", "1.0e-4", "spec.hyperparameters.learningRate")]
    [InlineData("checkpoint.keep", "default", "5", "spec.checkpoint.keep")]
    [InlineData("dataset.fields.text", "default", "\"sentence\"", "spec.dataset.fields.text")]
    public void Defaults_SchemaDefaultChanged_IsReported(string path, string keyword, string value, string expected)
    {
        var schema = Changed(path, keyword, value);

        var problems = ContractSchemaComparison.Defaults(schema, EverySection(), DefaultsOnlyInCSharp);

        Assert.Contains(problems, problem => problem.StartsWith(expected + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_SchemaDefaultRemoved_IsReported()
    {
        var schema = RepositoryFiles.Schema;
        ((JsonObject)Property(schema, "hyperparameters.seed")).Remove("default");

        var problems = ContractSchemaComparison.Defaults(schema, EverySection(), DefaultsOnlyInCSharp);

        Assert.Contains("spec.hyperparameters.seed: C# fills in 42 but the schema declares no default", problems);
    }

    [Theory]
    [InlineData("hyperparameters.batchSize", "maximum", "2048", "spec.hyperparameters.batchSize: maximum is 4096 in C# but 2048 in the schema")]
    [InlineData("hyperparameters.learningRate", "exclusiveMinimum", "false", "spec.hyperparameters.learningRate: exclusiveMinimum is True in C# but False in the schema")]
    [InlineData("resources.gpus", "maximum", "8", "spec.resources.gpus: maximum is 64 in C# but 8 in the schema")]
    [InlineData("hyperparameters.precision", "enum", "[\"fp32\", \"bf16\"]", "spec.hyperparameters.precision: C# allows [fp32, fp16, bf16], the schema's enum is [fp32, bf16]")]
    [InlineData("hyperparameters.seed", "maximum", "100", "spec.hyperparameters.seed: maximum is absent in C# but 100 in the schema")]
    public void BoundsAndEnums_SchemaChanged_IsReported(string path, string keyword, string value, string expected)
    {
        var problems = ContractSchemaComparison.BoundsAndEnums(Changed(path, keyword, value));

        Assert.Contains(expected, problems);
    }

    private static JsonObject Changed(string path, string keyword, string value)
    {
        var schema = RepositoryFiles.Schema;
        ((JsonObject)Property(schema, path))[keyword] = JsonNode.Parse(value);
        return schema;
    }

    private static JsonNode Property(JsonObject schema, string path)
    {
        JsonNode node = schema["properties"]!["spec"]!;
        foreach (var segment in path.Split('.'))
        {
            node = node["properties"]![segment]!;
        }

        return node;
    }
}
