using System.Text.Json;

namespace KubeTune.Local.Tests;

/// <summary>The hf-reference tiny BERT and generated keyword data, laid out on a local run's pvc:// claims.</summary>
internal static class TinyBertWorkspace
{
    private static readonly string[] Words = ["loss", "epoch", "batch", "model", "learning", "very", "really", "was", "rate", "accuracy"];

    /// <summary>pvc://models/bert-tiny and pvc://data/keywords/{train,validation}.jsonl (64 and 32 rows) under <paramref name="claims"/>.</summary>
    public static void Create(string claims)
    {
        CopyFixtureModel(Path.Combine(claims, "models", "bert-tiny"));
        WriteKeywordData(Path.Combine(claims, "data", "keywords"));
    }

    private static void CopyFixtureModel(string destination)
    {
        var source = Path.Combine(RepositoryRoot.HfReferenceFixtures, "bert");
        Directory.CreateDirectory(destination);
        foreach (var name in new[] { "config.json", "model.safetensors", "tokenizer.json" })
        {
            File.Copy(Path.Combine(source, name), Path.Combine(destination, name));
        }
    }

    // Label "terrible" when the text contains the word, else "other": learnable in a few dozen steps.
    private static void WriteKeywordData(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        string Row(int i)
        {
            var words = Enumerable.Range(0, 5).Select(_ => Words[random.Next(Words.Length)]).ToList();
            if (i % 2 == 0)
            {
                words[random.Next(words.Count)] = "terrible";
            }

            return JsonSerializer.Serialize(new { text = string.Join(' ', words), label = i % 2 == 0 ? "terrible" : "other" });
        }

        File.WriteAllLines(Path.Combine(folder, "train.jsonl"), Enumerable.Range(0, 64).Select(Row));
        File.WriteAllLines(Path.Combine(folder, "validation.jsonl"), Enumerable.Range(0, 32).Select(Row));
    }
}
