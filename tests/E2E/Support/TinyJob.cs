using System.Globalization;
using System.Text;

namespace KubeTune.E2E.Tests.Support;

/// <summary>The smallest real FineTuneJob: the tiny BERT of ../shared/fixtures on a 24-sentence dataset, on CPU.</summary>
internal static class TinyJob
{
    public const string Name = "e2e-tiny";
    public const string Claim = "e2e";

    public static string Manifest => $"""
        apiVersion: kubetune.io/v1alpha1
        kind: FineTuneJob
        metadata:
          name: {Name}
          namespace: default
        spec:
          model:
            uri: pvc://{Claim}/model
          task: text-classification
          dataset:
            uri: pvc://{Claim}/data/train.jsonl
            validationSplit: 0.25
            fields:
              text: sentence
              label: label
          method:
            type: full
          hyperparameters:
            learningRate: 1.0e-3
            batchSize: 4
            epochs: 1
            maxSequenceLength: 16
            precision: fp32
            seed: 42
          output:
            uri: pvc://{Claim}/output
            format: safetensors
          resources:
            gpus: 0
            cpu: "1"
            memory: 1Gi
          backoffLimit: 0
        """;

    /// <summary>Writes the claim's contents (model/ and data/train.jsonl) into a new folder and returns it.</summary>
    public static string StageFiles(string directory)
    {
        var bert = Path.Combine(RepositoryRoot.HfReferenceFixtures, "bert");
        Assert.True(Directory.Exists(bert), $"the tiny BERT fixture {bert} is missing (../shared/fixtures/hf-reference beside the repository)");
        var claim = Directory.CreateDirectory(Path.Combine(directory, "claim")).FullName;
        Directory.CreateDirectory(Path.Combine(claim, "model"));
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json" })
        {
            File.Copy(Path.Combine(bert, file), Path.Combine(claim, "model", file));
        }

        Directory.CreateDirectory(Path.Combine(claim, "data"));
        var lines = new StringBuilder();
        string[] good = ["a fine film", "great acting", "loved it", "wonderful story", "very good", "a delight"];
        string[] bad = ["a dull film", "poor acting", "hated it", "boring story", "very bad", "a mess"];
        for (var i = 0; i < 24; i++)
        {
            var positive = i % 2 == 0;
            var text = (positive ? good : bad)[i / 2 % 6];
            lines.Append(CultureInfo.InvariantCulture, $"{{\"sentence\": \"{text}\", \"label\": {(positive ? 1 : 0)}}}\n");
        }

        File.WriteAllText(Path.Combine(claim, "data", "train.jsonl"), lines.ToString());
        return claim;
    }
}
