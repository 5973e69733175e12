using System.Text.Json.Nodes;
using KubeTune.Trainer.Tests.Training;

namespace KubeTune.Trainer.Tests.Commands;

[Collection(TorchRandomCollection.Name)]
public sealed class TrainCommandCheckpointTests : IDisposable
{
    private readonly TrainCommandFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Run_RenderedConfigWithCheckpointPath_WritesCheckpointsThereAndNotNextToTheOutput()
    {
        var checkpoints = Path.Combine(fixture.Root, "workspace", "checkpoints");
        var config = RenderedConfig(new JsonObject { ["checkpointsPath"] = checkpoints });

        var (code, _, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(checkpoints, "checkpoint-2", "COMPLETE")), error);
        Assert.False(Directory.Exists(fixture.CheckpointsDirectory), $"{fixture.CheckpointsDirectory} should not exist");
    }

    [Fact]
    public void Run_RenderedConfigWithoutCheckpointPath_WritesCheckpointsNextToTheOutput()
    {
        var config = RenderedConfig(new JsonObject());

        var (code, _, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(fixture.CheckpointsDirectory, "checkpoint-2", "COMPLETE")), error);
    }

    [Fact]
    public void Run_PvcOutputUnderThePvcRoot_ReportsPvcUrisForCheckpointAndOutput()
    {
        fixture.KeywordClassification(trainCount: 16, validationCount: 4);
        var pvcRoot = Path.Combine(fixture.Root, "pvc");
        var config = fixture.WriteConfig("text-classification", "full", TwoSteps(), extra: new JsonObject
        {
            ["checkpoint"] = new JsonObject { ["everySteps"] = 2, ["keep"] = 1 },
            ["output"] = new JsonObject { ["uri"] = "pvc://results/runs/sst2", ["format"] = "safetensors" },
        });

        var (code, output, error) = TrainCommandFixture.Train("--config", config, "--pvc-root", pvcRoot);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(pvcRoot, "results", "runs", "sst2-checkpoints", "checkpoint-2", "COMPLETE")), error);
        var final = AssertReportsCarry(output, "pvc://results/runs/sst2-checkpoints/checkpoint-2", "pvc://results/runs/sst2");
        // training_log.jsonl is the same record as the reports, so it names the same URIs.
        Assert.Equal(final.ToJsonString(), JsonNode.Parse(File.ReadAllLines(Path.Combine(pvcRoot, "results", "runs", "sst2", "training_log.jsonl"))[^1])!.ToJsonString());
    }

    [Fact]
    public void Run_RenderedPodConfigWithPvcOutput_ReportsTheClaimPathsNotTheMountPaths()
    {
        var workspace = Path.Combine(fixture.Root, "workspace");
        var config = RenderedConfig(
            new JsonObject
            {
                ["checkpointsPath"] = Path.Combine(workspace, "checkpoints"),
                ["outputPath"] = Path.Combine(workspace, "output"),
                ["checkpointsUri"] = WorkspaceLayout.CheckpointsUriFor("pvc://results/sst2"),
            },
            new JsonObject { ["uri"] = "pvc://results/sst2", ["format"] = "safetensors" });

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(workspace, "checkpoints", "checkpoint-2", "COMPLETE")), error);
        AssertReportsCarry(output, "pvc://results/sst2-checkpoints/checkpoint-2", "pvc://results/sst2");
        Assert.DoesNotContain(workspace, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FileOutput_ReportsFileUrisOfTheHostPaths()
    {
        var config = RenderedConfig(new JsonObject());

        var (code, output, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        AssertReportsCarry(output, "file://" + Path.Combine(fixture.CheckpointsDirectory, "checkpoint-2"), "file://" + fixture.OutputDirectory);
    }

    private static JsonObject TwoSteps() => new() { ["batchSize"] = 8, ["maxSteps"] = 2, ["maxSequenceLength"] = 16 };

    /// <summary>Every report naming a checkpoint names <paramref name="checkpointUri"/>; the final one also names the output. Returns the final report.</summary>
    private static JsonNode AssertReportsCarry(string output, string checkpointUri, string outputUri)
    {
        var reports = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
        var final = reports[^1];
        Assert.True(final["final"]!.GetValue<bool>(), final.ToJsonString());
        Assert.All(reports.Where(report => report["checkpoint"] is not null), report => Assert.Equal(checkpointUri, report["checkpoint"]!["uri"]!.GetValue<string>()));
        Assert.Equal(2, final["checkpoint"]!["step"]!.GetValue<int>());
        Assert.Equal(checkpointUri, final["checkpoint"]!["uri"]!.GetValue<string>());
        Assert.Equal(outputUri, final["output"]!["uri"]!.GetValue<string>());
        return final;
    }

    /// <summary>The fixture's manifest in the shape the operator renders into job.json (kind TrainerConfig) with <paramref name="workspace"/>.</summary>
    private string RenderedConfig(JsonObject workspace, JsonObject? output = null)
    {
        fixture.KeywordClassification(trainCount: 16, validationCount: 4);
        var extra = new JsonObject { ["checkpoint"] = new JsonObject { ["everySteps"] = 2, ["keep"] = 1 } };
        if (output is not null)
        {
            extra["output"] = output;
        }

        var manifest = JsonNode.Parse(File.ReadAllText(fixture.WriteConfig("text-classification", "full", TwoSteps(), extra: extra)))!;
        var rendered = new JsonObject
        {
            ["apiVersion"] = "kubetune.io/v1alpha1",
            ["kind"] = "TrainerConfig",
            ["job"] = new JsonObject { ["namespace"] = "default", ["name"] = "test" },
            ["spec"] = manifest["spec"]!.DeepClone(),
            ["workspace"] = workspace,
        };
        var path = Path.Combine(fixture.Root, "job-rendered.json");
        File.WriteAllText(path, rendered.ToJsonString());
        return path;
    }
}
