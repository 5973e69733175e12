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
        var config = RenderedConfig(new JsonObject { ["everySteps"] = 2, ["keep"] = 1, ["path"] = checkpoints });

        var (code, _, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(checkpoints, "checkpoint-2", "COMPLETE")), error);
        Assert.False(Directory.Exists(fixture.CheckpointsDirectory), $"{fixture.CheckpointsDirectory} should not exist");
    }

    [Fact]
    public void Run_RenderedConfigWithoutCheckpointPath_WritesCheckpointsNextToTheOutput()
    {
        var config = RenderedConfig(new JsonObject { ["everySteps"] = 2, ["keep"] = 1 });

        var (code, _, error) = TrainCommandFixture.Train("--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(File.Exists(Path.Combine(fixture.CheckpointsDirectory, "checkpoint-2", "COMPLETE")), error);
    }

    /// <summary>The fixture's manifest in the shape the operator renders into job.json (kind TrainerConfig).</summary>
    private string RenderedConfig(JsonObject checkpoint)
    {
        fixture.KeywordClassification(trainCount: 16, validationCount: 4);
        var manifest = JsonNode.Parse(File.ReadAllText(fixture.WriteConfig(
            "text-classification", "full", new JsonObject { ["batchSize"] = 8, ["maxSteps"] = 2, ["maxSequenceLength"] = 16 }, extra: new JsonObject { ["checkpoint"] = checkpoint })))!;
        var rendered = manifest["spec"]!.AsObject().DeepClone().AsObject();
        rendered["apiVersion"] = "kubetune.io/v1alpha1";
        rendered["kind"] = "TrainerConfig";
        rendered["job"] = new JsonObject { ["namespace"] = "default", ["name"] = "test" };
        var path = Path.Combine(fixture.Root, "job-rendered.json");
        File.WriteAllText(path, rendered.ToJsonString());
        return path;
    }
}
