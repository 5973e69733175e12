using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tests.Training;

namespace KubeTune.Trainer.Tests.Commands;

/// <summary>A temporary workspace for train: a tiny base model, generated JSONL data and a FineTuneJob manifest with file:// URIs.</summary>
public sealed class TrainCommandFixture : IDisposable
{
    private static readonly string[] Words = ["loss", "epoch", "batch", "model", "learning", "very", "really", "was", "rate", "accuracy"];

    public TrainCommandFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "kt-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string OutputDirectory => Path.Combine(Root, "out");

    public string CheckpointsDirectory => OutputDirectory + "-checkpoints";

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Label "terrible" when the text contains the word, else "other".</summary>
    public string KeywordClassification(int trainCount = 64, int validationCount = 32)
    {
        var random = new Random(7);
        string Row(int i)
        {
            var words = Enumerable.Range(0, 5).Select(_ => Words[random.Next(Words.Length)]).ToList();
            var positive = i % 2 == 0;
            if (positive)
            {
                words[random.Next(words.Count)] = "terrible";
            }

            return JsonSerializer.Serialize(new { text = string.Join(' ', words), label = positive ? "terrible" : "other" });
        }

        File.WriteAllLines(Path.Combine(Root, "train.jsonl"), Enumerable.Range(0, trainCount).Select(Row));
        File.WriteAllLines(Path.Combine(Root, "validation.jsonl"), Enumerable.Range(0, validationCount).Select(Row));
        return TinyModels.CopyTo("bert", Path.Combine(Root, "model"));
    }

    /// <summary>
    /// A small sentiment set in one file (for validationSplit): filler words from the fixture's vocabulary plus one
    /// positive or negative keyword, alternating labels.
    /// </summary>
    public string SentimentKeywords(int count)
    {
        string[] filler = ["the", "movie", "review", "data", "model", "was", "this", "it", "is", "very", "really", "and", "but"];
        string[] positive = ["good", "great", "positive"];
        string[] negative = ["bad", "terrible", "negative", "ugly"];
        var random = new Random(11);
        string Row(int i)
        {
            var words = Enumerable.Range(0, 6).Select(_ => filler[random.Next(filler.Length)]).ToList();
            var keywords = i % 2 == 1 ? positive : negative;
            words.Insert(random.Next(words.Count + 1), keywords[random.Next(keywords.Length)]);
            return JsonSerializer.Serialize(new { text = string.Join(' ', words), label = i % 2 == 1 ? "positive" : "negative" });
        }

        File.WriteAllLines(Path.Combine(Root, "train.jsonl"), Enumerable.Range(0, count).Select(Row));
        return TinyModels.CopyTo("bert", Path.Combine(Root, "model"));
    }

    /// <summary>Random-word prompts with a fixed answer: only a loss on completion tokens alone can get low.</summary>
    public string FixedAnswerInstructions(int trainCount = 32, int validationCount = 8)
    {
        var random = new Random(9);
        string Row(int i) => JsonSerializer.Serialize(new
        {
            prompt = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Words[random.Next(Words.Length)] + random.Next(100).ToString(CultureInfo.InvariantCulture))) + "\nAnswer:",
            completion = " learning rate",
        });
        File.WriteAllLines(Path.Combine(Root, "train.jsonl"), Enumerable.Range(0, trainCount).Select(Row));
        File.WriteAllLines(Path.Combine(Root, "validation.jsonl"), Enumerable.Range(trainCount, validationCount).Select(Row));
        var model = TinyModels.CopyTo("gpt2", Path.Combine(Root, "model"));
        // As save_pretrained writes it (without it the trainer finds <|endoftext|> in tokenizer.json; config.json says 50256).
        File.WriteAllText(Path.Combine(model, "tokenizer_config.json"), "{\"eos_token\": \"<|endoftext|>\", \"pad_token\": \"<pad>\"}");
        return model;
    }

    /// <summary>A copy of the BERT fixture whose word embeddings hold NaN: any forward pass gives a NaN loss.</summary>
    public string PoisonedBertModel()
    {
        var directory = TinyModels.CopyTo("bert", Path.Combine(Root, "model"));
        using var model = PretrainedModelLoader.Load(directory, warn: _ => { });
        using (TorchSharp.torch.no_grad())
        {
            model.named_parameters().Single(pair => pair.name == "bert.embeddings.word_embeddings.weight").parameter.fill_(double.NaN);
        }

        PretrainedModelSaver.Save(model, directory);
        return directory;
    }

    /// <summary>Writes job.json (a FineTuneJob manifest) and returns its path.</summary>
    public string WriteConfig(string task, string method, JsonObject hyperparameters, string format = "safetensors", JsonObject? extra = null)
    {
        var spec = new JsonObject
        {
            ["task"] = task,
            ["model"] = new JsonObject { ["uri"] = "file://" + Path.Combine(Root, "model") },
            ["dataset"] = new JsonObject { ["uri"] = "file://" + Path.Combine(Root, "train.jsonl"), ["validationUri"] = "file://" + Path.Combine(Root, "validation.jsonl") },
            ["method"] = method == "lora"
                ? new JsonObject { ["type"] = "lora", ["lora"] = new JsonObject { ["r"] = 8, ["alpha"] = 16, ["dropout"] = 0.0, ["targetModules"] = new JsonArray("c_attn", "c_proj", "c_fc") } }
                : new JsonObject { ["type"] = method },
            ["hyperparameters"] = hyperparameters,
            ["output"] = new JsonObject { ["uri"] = "file://" + OutputDirectory, ["format"] = format },
        };
        foreach (var (key, value) in extra ?? [])
        {
            spec[key] = value?.DeepClone();
        }

        var manifest = new JsonObject
        {
            ["apiVersion"] = "kubetune.io/v1alpha1",
            ["kind"] = "FineTuneJob",
            ["metadata"] = new JsonObject { ["name"] = "test", ["namespace"] = "default" },
            ["spec"] = spec,
        };
        var path = Path.Combine(Root, "job.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    /// <summary>Runs train in-process with a clean environment (no progress URL); returns the exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Train(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(["train", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
