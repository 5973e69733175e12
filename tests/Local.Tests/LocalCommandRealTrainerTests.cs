using System.Text.Json.Nodes;
using KubeTune.Operator.Api.V1Alpha1;

namespace KubeTune.Local.Tests;

/// <summary>local with the real trainer: the hf-reference BERT fixture fine-tuned on generated keyword data, all on pvc:// claims.</summary>
public sealed class LocalCommandRealTrainerTests : IDisposable
{
    private readonly LocalRunFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task RunAsync_RealTrainerOnTinyBert_SucceedsWithProgressEvaluationAndAModel()
    {
        var trainer = await TrainerBuild.EnsureAsync();
        var claims = Path.Combine(fixture.WorkDirectory, "pvc");
        TinyBertWorkspace.Create(claims);
        var file = fixture.Write("job.yaml", """
            apiVersion: kubetune.io/v1alpha1
            kind: FineTuneJob
            metadata:
              name: keywords
            spec:
              model: {uri: pvc://models/bert-tiny}
              task: text-classification
              dataset:
                uri: pvc://data/keywords/train.jsonl
                validationUri: pvc://data/keywords/validation.jsonl
                fields: {text: text, label: label}
              method: {type: full}
              hyperparameters: {learningRate: 2.0e-3, batchSize: 8, epochs: 5, warmupRatio: 0.1, maxSequenceLength: 16, seed: 3}
              output: {uri: pvc://models/keywords-out}
              backoffLimit: 0
            """);

        var code = await fixture.RunAsync(file, $"dotnet {trainer} train", default, "-o", "yaml");

        var printed = fixture.Error.ToString();
        Assert.True(code == LocalCommand.ExitSucceeded, $"exit {code}\n{printed}\n{fixture.Output}");
        Assert.Equal([FineTuneJobPhase.Pending, FineTuneJobPhase.Running, FineTuneJobPhase.Succeeded], PrintedPhases.Of(printed, "keywords"));
        Assert.Contains("keywords: Running=True", printed);
        Assert.Contains("keywords: Succeeded=True Completed", printed);
        Assert.Matches(@"keywords: Running · step \d+/40", printed);
        Assert.Contains("phase: Succeeded", fixture.Output.ToString());
        Assert.Contains("totalSteps: 40", fixture.Output.ToString());
        var output = Path.Combine(claims, "models", "keywords-out");
        Assert.True(File.Exists(Path.Combine(output, "model.safetensors")), $"no model.safetensors in {output}\n{printed}");
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "eval.json")))!;
        Assert.True(eval["eval_accuracy"]!.GetValue<double>() >= 0.8, eval.ToJsonString());
        Assert.Contains($"output: {output} (pvc://models/keywords-out)", printed);
        Assert.Matches(@"accuracy \d\.\d{4}, F1 \(macro\) \d\.\d{4}", printed);
        Assert.Matches(@"│ terrible\s+│\s+\d+ │\s+\d+ │", printed);
        var tryIt = printed.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("try it: ", StringComparison.Ordinal))["try it: ".Length..];
        Assert.Equal($"{TryItCommand.Prefix} --model {output} --input {Path.Combine(claims, "data", "keywords", "validation.jsonl")} --output {Path.Combine(output, "predictions.jsonl")}", tryIt);

        // The printed command, run with the built trainer, predicts the validation set as the job's evaluation did.
        var (predictCode, predicted) = await RunAsync("dotnet", [trainer, "predict", .. tryIt[(TryItCommand.Prefix.Length + 1)..].Split(' ')]);
        Assert.True(predictCode == 0, predicted);
        Assert.Contains($"accuracy {eval["eval_accuracy"]!.GetValue<double>():0.0000} on {eval["eval_examples"]!.GetValue<int>()} labelled", predicted);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
