using System.Text.Json.Nodes;
using KubeTune.Trainer.Data.Images;
using KubeTune.Trainer.Tests.Training;
using StbImageWriteSharp;

namespace KubeTune.Trainer.Tests.Commands;

[Collection(TorchRandomCollection.Name)]
public sealed class PredictCommandTests : IDisposable
{
    private readonly TrainCommandFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Run_TextClassificationOutputOnTheValidationFile_PredictionsEqualTheTrainersEvaluation()
    {
        fixture.KeywordClassification();
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject
        {
            ["learningRate"] = 2e-3, ["batchSize"] = 8, ["epochs"] = 3, ["maxSequenceLength"] = 12, ["seed"] = 3,
        });
        Assert.Equal(ExitCodes.Success, TrainCommandFixture.Train("--config", config).ExitCode);
        var validation = Path.Combine(fixture.Root, "validation.jsonl");

        var (code, output, lines) = Predict("--model", fixture.OutputDirectory, "--input", validation, "--batch-size", "8");

        Assert.True(code == ExitCodes.Success, output);
        Assert.Equal(File.ReadAllLines(validation).Select(line => JsonNode.Parse(line)!["text"]!.GetValue<string>()), lines.Select(line => line["text"]!.GetValue<string>()));
        AssertEqualsEvaluation(lines, output);
        Assert.Contains("(max length 12)", output);
        Assert.All(lines, line => Assert.Equal(1.0, line["probabilities"]!.AsObject().Sum(pair => pair.Value!.GetValue<double>()), 1e-9));
        Assert.All(lines, line => Assert.Equal(line["probabilities"]![line["label"]!.GetValue<string>()]!.GetValue<double>(), line["score"]!.GetValue<double>()));
    }

    [Fact]
    public void Run_TextClassificationPeftAdapterOnItsBase_PredictionsEqualTheTrainersEvaluation()
    {
        var baseModel = fixture.KeywordClassification();
        var lora = new JsonObject { ["type"] = "lora", ["lora"] = new JsonObject { ["r"] = 4, ["alpha"] = 8, ["dropout"] = 0.0, ["targetModules"] = new JsonArray("query", "value") } };
        var config = fixture.WriteConfig("text-classification", "lora", new JsonObject
        {
            ["learningRate"] = 5e-3, ["batchSize"] = 8, ["epochs"] = 3, ["maxSequenceLength"] = 12, ["seed"] = 3,
        }, format: "peft-adapter", extra: new JsonObject { ["method"] = lora });
        Assert.Equal(ExitCodes.Success, TrainCommandFixture.Train("--config", config).ExitCode);

        var (code, output, lines) = Predict("--model", baseModel, "--adapter", fixture.OutputDirectory, "--adapter-mode", "apply", "--input", Path.Combine(fixture.Root, "validation.jsonl"), "--batch-size", "8");
        var labels = lines.Select(line => line["label"]!.GetValue<string>()).ToList();
        // The merged copy beside the adapter (what KServe's Hugging Face backend serves) answers the same.
        var (mergedCode, _, merged) = Predict("--model", Path.Combine(fixture.OutputDirectory, "merged"), "--input", Path.Combine(fixture.Root, "validation.jsonl"), "--batch-size", "8", "--max-length", "12");

        Assert.True(code == ExitCodes.Success, output);
        AssertEqualsEvaluation(lines, output);
        Assert.Equal(ExitCodes.Success, mergedCode);
        Assert.Equal(labels, merged.Select(line => line["label"]!.GetValue<string>()));
    }

    [Fact]
    public void Run_ImageClassificationOutput_PredictionsEqualTheTrainersEvaluationAndAFlatFolderHasNoExpectedLabel()
    {
        var model = TinyModels.CopyTo("resnet", Path.Combine(fixture.Root, "model"));
        File.WriteAllText(Path.Combine(model, ImagePreprocessing.FileName), "{\"size\": {\"height\": 16, \"width\": 16}, \"image_mean\": [0.5], \"image_std\": [0.5]}");
        WriteImages("train", 12);
        WriteImages("validation", 6);
        var dataset = new JsonObject { ["uri"] = "file://" + Path.Combine(fixture.Root, "train"), ["validationUri"] = "file://" + Path.Combine(fixture.Root, "validation") };
        var config = fixture.WriteConfig("image-classification", "full", new JsonObject { ["learningRate"] = 1e-2, ["batchSize"] = 4, ["epochs"] = 2, ["seed"] = 1 }, extra: new JsonObject { ["dataset"] = dataset });
        Assert.Equal(ExitCodes.Success, TrainCommandFixture.Train("--config", config).ExitCode);

        var (code, output, lines) = Predict("--model", fixture.OutputDirectory, "--input", Path.Combine(fixture.Root, "validation"), "--batch-size", "4");
        var (flatCode, _, flat) = Predict("--model", fixture.OutputDirectory, "--input", Path.Combine(fixture.Root, "validation", "light"));

        Assert.True(code == ExitCodes.Success, output);
        AssertEqualsEvaluation(lines, output);
        Assert.Equal(Path.Combine(fixture.Root, "validation", "dark", "0.png"), lines[0]["image"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Success, flatCode);
        Assert.Equal(6, flat.Count);
        Assert.All(flat, line => Assert.Null(line["expected"]));
        Assert.Equal(lines.Skip(6).Select(line => line["label"]!.GetValue<string>()), flat.Select(line => line["label"]!.GetValue<string>()));
    }

    [Fact]
    public void Run_InstructionAdapterAppliedOrMerged_WritesTheSameCompletionPerPromptInOrder()
    {
        var baseModel = fixture.FixedAnswerInstructions(trainCount: 16, validationCount: 4);
        var config = fixture.WriteConfig("instruction", "lora", new JsonObject
        {
            ["learningRate"] = 3e-2, ["batchSize"] = 8, ["epochs"] = 2, ["maxSequenceLength"] = 48, ["seed"] = 1,
        }, format: "peft-adapter");
        Assert.Equal(ExitCodes.Success, TrainCommandFixture.Train("--config", config).ExitCode);
        var prompts = Path.Combine(fixture.Root, "validation.jsonl");

        var (code, output, merged) = Predict("--model", baseModel, "--adapter", fixture.OutputDirectory, "--input", prompts, "--max-new-tokens", "6");
        var (appliedCode, _, applied) = Predict("--model", baseModel, "--adapter", fixture.OutputDirectory, "--adapter-mode", "apply", "--input", prompts, "--max-new-tokens", "6");

        Assert.True(code == ExitCodes.Success, output);
        Assert.Equal(ExitCodes.Success, appliedCode);
        Assert.Contains("4 prompts", output);
        Assert.Equal(File.ReadAllLines(prompts).Select(line => JsonNode.Parse(line)!["prompt"]!.GetValue<string>()), merged.Select(line => line["prompt"]!.GetValue<string>()));
        Assert.Equal(merged.Select(line => line.ToJsonString()), applied.Select(line => line.ToJsonString()));
        Assert.All(merged, line => Assert.InRange(line["tokens"]!.GetValue<int>(), 1, 6));
        Assert.All(merged, line => Assert.Contains(line["finish_reason"]!.GetValue<string>(), new[] { "eos", "length" }));
    }

    [Fact]
    public void Run_LabelTheModelDoesNotKnow_ExitsInvalidInputNamingTheLine()
    {
        var model = fixture.KeywordClassification(trainCount: 8, validationCount: 2);
        var input = Path.Combine(fixture.Root, "bad.jsonl");
        File.WriteAllLines(input, ["{\"text\": \"loss\", \"label\": 1}", "{\"text\": \"model\", \"label\": \"nonsense\"}"]);

        var (code, output, _) = Predict("--model", model, "--input", input);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"{input}:2: label \"nonsense\" is not one of the model's classes", output);
        Assert.False(File.Exists(Path.Combine(fixture.Root, "predictions.jsonl")));
    }

    [Fact]
    public void Run_MissingTextField_ExitsInvalidInputNamingTheFieldAndOption()
    {
        var model = fixture.KeywordClassification(trainCount: 8, validationCount: 2);
        var input = Path.Combine(fixture.Root, "bad.jsonl");
        File.WriteAllLines(input, ["{\"sentence\": \"loss\"}"]);

        var (code, output, _) = Predict("--model", model, "--input", input);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains($"{input}:1: the text field 'text' is missing", output);
        Assert.Contains("--text-field", output);
    }

    private static void AssertEqualsEvaluation(IReadOnlyList<JsonNode> lines, string output)
    {
        var evalDirectory = output.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("eval:", StringComparison.Ordinal))[5..];
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(evalDirectory, "eval.json")))!;
        var labels = eval["labels"]!.AsArray().Select(label => label!.GetValue<string>()).ToList();
        var matrix = labels.Select(_ => new int[labels.Count]).ToArray();
        foreach (var line in lines)
        {
            matrix[labels.IndexOf(line["expected"]!.GetValue<string>())][labels.IndexOf(line["label"]!.GetValue<string>())]++;
        }

        Assert.Equal(eval["confusion_matrix"]!.ToJsonString(), new JsonArray(matrix.Select(row => (JsonNode?)new JsonArray(row.Select(n => (JsonNode?)n).ToArray())).ToArray()).ToJsonString());
        Assert.Equal(eval["eval_examples"]!.GetValue<int>(), lines.Count);
        Assert.Contains($"accuracy {eval["eval_accuracy"]!.GetValue<double>():0.0000} on {lines.Count} labelled", output);
    }

    private (int ExitCode, string Output, List<JsonNode> Lines) Predict(params string[] args)
    {
        var path = Path.Combine(fixture.Root, "predictions.jsonl");
        var output = new StringWriter();
        var code = Program.Run(["predict", .. args, "--output", path], output, output);
        var lines = code == ExitCodes.Success ? File.ReadAllLines(path).Select(line => JsonNode.Parse(line)!).ToList() : [];
        var evalDirectory = args.SkipWhile(arg => arg != "--adapter").Skip(1).FirstOrDefault() ?? args[Array.IndexOf(args, "--model") + 1];
        return (code, output + $"\neval:{evalDirectory}\n", lines);
    }

    /// <summary>Dark and light 12x12 PNGs (class folders "dark" and "light"), a little noise so no two are alike.</summary>
    private void WriteImages(string split, int perClass)
    {
        var random = new Random(split.Length);
        foreach (var (name, level) in new[] { ("dark", 40), ("light", 210) })
        {
            var directory = Path.Combine(fixture.Root, split, name);
            Directory.CreateDirectory(directory);
            for (var i = 0; i < perClass; i++)
            {
                var pixels = Enumerable.Range(0, 12 * 12 * 3).Select(_ => (byte)Math.Clamp(level + random.Next(-30, 30), 0, 255)).ToArray();
                using var stream = File.Create(Path.Combine(directory, $"{i}.png"));
                new ImageWriter().WritePng(pixels, 12, 12, ColorComponents.RedGreenBlue, stream);
            }
        }
    }
}
