using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Commands;

namespace KubeTune.Trainer.Tests.Commands;

public sealed class TrainCommandSigtermTests : IDisposable
{
    private readonly TrainCommandFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public void Train_SigtermMidEpoch_CheckpointsExitsRetryableAndTheRestartResumesAtTheNextStep()
    {
        fixture.KeywordClassification(trainCount: 64, validationCount: 8);
        var config = fixture.WriteConfig("text-classification", "full", new JsonObject { ["batchSize"] = 4, ["epochs"] = 50, ["maxSequenceLength"] = 16 },
            extra: new JsonObject { ["checkpoint"] = new JsonObject { ["everySteps"] = 100000, ["keep"] = 1 } });
        var trainer = Path.Combine(Path.GetDirectoryName(typeof(TrainCommand).Assembly.Location)!, "KubeTune.Trainer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { trainer, "train", "--config", config })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBETUNE_THREADS"] = "1";
        start.Environment.Remove("KUBETUNE_PROGRESS_URL");
        using var process = Process.Start(start)!;
        var lines = new BlockingCollection<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Add(e.Data); } };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Training has started once the first progress line arrives.
            Assert.True(lines.TryTake(out var first, TimeSpan.FromSeconds(60)), "no progress line within 60 s");
            Assert.Contains("\"phase\":\"Running\"", first);

            var signalled = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the trainer did not exit within 30 s of SIGTERM");
            Assert.Equal(ExitCodes.Retryable, process.ExitCode);
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        process.WaitForExit();
        var checkpoint = new CheckpointStore(fixture.CheckpointsDirectory, 1).FindLatest();
        Assert.NotNull(checkpoint);
        var preempted = JsonNode.Parse(lines.Last())!;
        Assert.Equal("Preempted", preempted["phase"]!.GetValue<string>());
        Assert.Equal(checkpoint.Step, preempted["checkpoint"]!["step"]!.GetValue<int>());
        Assert.Equal(checkpoint.Step, preempted["step"]!.GetValue<int>());

        var (code, output, error) = TrainCommandFixture.Train("--config", config, "--abort-after-steps", (checkpoint.Step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(code == ExitCodes.Retryable, error);
        Assert.Contains($"(step {checkpoint.Step} of ", error);
        // A SIGTERM on an epoch's last step leaves that epoch's evaluation to the restart: its first training report is the one to check.
        var resumedFirst = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)
            .First(report => report["phase"]!.GetValue<string>() == "Running");
        Assert.Equal(checkpoint.Step + 1, resumedFirst["step"]!.GetValue<int>());
    }
}
