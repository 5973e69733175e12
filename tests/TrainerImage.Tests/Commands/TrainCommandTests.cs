using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Tests.Training;

namespace KubeTune.Trainer.Tests.Commands;

[Collection(TorchRandomCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly TrainCommandFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Run_TextClassification_WritesAReloadableModelWithLabelsEvalJsonAndLog()
    {
        fixture.KeywordClassification();
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject
        {
            ["learningRate"] = 2e-3, ["batchSize"] = 8, ["epochs"] = 5, ["warmupRatio"] = 0.1, ["weightDecay"] = 0.01, ["maxSequenceLength"] = 16, ["seed"] = 3,
        });

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, "eval.json")))!;
        Assert.True(eval["eval_accuracy"]!.GetValue<double>() >= 0.8, eval.ToJsonString());
        Assert.Equal(2, eval["confusion_matrix"]!.AsArray().Count);
        var log = File.ReadAllLines(Path.Combine(fixture.OutputDirectory, "training_log.jsonl"));
        Assert.Equal(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), log);
        var final = JsonNode.Parse(log[^1])!;
        Assert.Equal("Completed", final["phase"]!.GetValue<string>());
        Assert.True(final["final"]!.GetValue<bool>());
        Assert.Equal("safetensors", final["output"]!["format"]!.GetValue<string>());
        using var reloaded = PretrainedModelLoader.Load(fixture.OutputDirectory, warn: message => Assert.Fail(message));
        Assert.Equal(["other", "terrible"], reloaded.Config.Labels.Order());
        var card = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "README.md"));
        Assert.Contains("| task | text-classification |", card, StringComparison.Ordinal);
        Assert.Contains($"| eval_accuracy | {eval["eval_accuracy"]!.GetValue<double>().ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} |", card, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.OutputDirectory, "generation_config.json")), "a classifier has no generation config");
    }

    [Fact]
    public void Run_SentimentWithValidationSplitAndEvalSteps_EvaluatesTheHeldOutShareAtThatCadenceWellAboveChance()
    {
        fixture.SentimentKeywords(200);
        var dataset = new JsonObject { ["uri"] = "file://" + Path.Combine(fixture.Root, "train.jsonl"), ["validationSplit"] = 0.2 };
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject
        {
            ["learningRate"] = 3e-3, ["epochs"] = 3, ["evalSteps"] = 10,
        }, extra: new JsonObject { ["dataset"] = dataset });

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        var evaluated = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)
            .Where(report => report["phase"]!.GetValue<string>() == "Evaluated").Select(report => report["step"]!.GetValue<int>());
        Assert.Equal([10, 20, 30, 40, 50, 60], evaluated);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, "eval.json")))!;
        Assert.Equal(40, eval["eval_examples"]!.GetValue<int>());
        Assert.True(eval["eval_accuracy"]!.GetValue<double>() > 0.8, eval.ToJsonString());
    }

    [Fact]
    public void Run_InstructionLoraAdapter_LowersTheCompletionLossAndSavesALoadableAdapter()
    {
        var model = fixture.FixedAnswerInstructions();
        // A base model as transformers 5 saves it: the chat template in its own file; no generation_config.json.
        const string template = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}";
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), template);
        File.Delete(Path.Combine(model, "generation_config.json"));
        var config = fixture.WriteConfig("instruction", "lora", new JsonObject
        {
            ["learningRate"] = 3e-2, ["batchSize"] = 8, ["epochs"] = 6, ["maxSequenceLength"] = 48, ["seed"] = 1,
        }, format: "peft-adapter");

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        var evaluations = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)
            .Where(report => report["phase"]!.GetValue<string>() == "Evaluated").Select(report => report["eval"]!["evalLoss"]!.GetValue<double>()).ToList();
        Assert.True(evaluations[^1] < evaluations[0] - 0.5, string.Join(", ", evaluations));
        Assert.True(File.Exists(Path.Combine(fixture.OutputDirectory, PeftAdapter.WeightsFileName)));
        using var baseModel = PretrainedModelLoader.Load(model);
        var adapters = PeftAdapter.Load(fixture.OutputDirectory, baseModel);
        Assert.NotEmpty(adapters);
        var adapterConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, PeftAdapter.ConfigFileName)))!;
        Assert.Equal("model", adapterConfig["base_model_name_or_path"]!.GetValue<string>());
        Assert.Null(adapterConfig["revision"]);
        Assert.Equal(template, File.ReadAllText(Path.Combine(fixture.OutputDirectory, "chat_template.jinja")));
        var generation = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.OutputDirectory, "generation_config.json")))!;
        Assert.Equal((50256, 50256), (generation["bos_token_id"]!.GetValue<int>(), generation["eos_token_id"]!.GetValue<int>()));
        var card = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "README.md"));
        Assert.Contains("library_name: peft", card, StringComparison.Ordinal);
        Assert.Contains($"| eval_loss | {evaluations[^1].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} |", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ModelGivingNaNLoss_ExitsDivergedNamingTheStep()
    {
        fixture.KeywordClassification(trainCount: 16, validationCount: 4);
        fixture.PoisonedBertModel();
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject { ["batchSize"] = 8, ["epochs"] = 2, ["maxSequenceLength"] = 16 });

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Diverged, error);
        Assert.Contains("diverged: the loss is NaN at step 1 of 4", error);
        Assert.Contains("\"phase\":\"Diverged\"", output);
    }

    [Fact]
    public void Run_Bench_PrintsThroughputAndOverheadShare()
    {
        fixture.KeywordClassification(trainCount: 48, validationCount: 4);
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject { ["batchSize"] = 8, ["maxSequenceLength"] = 16 });

        var (code, output, error) = TrainCommandFixture.Train("--config", config, "--bench", "--bench-steps", "4");

        Assert.True(code == ExitCodes.Success, error);
        using var line = JsonDocument.Parse(output.Trim());
        Assert.Equal(4, line.RootElement.GetProperty("steps").GetInt32());
        Assert.True(line.RootElement.GetProperty("tokensPerSecond").GetDouble() > 0);
        var share = line.RootElement.GetProperty("overheadShare").GetDouble();
        Assert.InRange(share, 0, 1);
    }
}
