using System.Text.Json;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>train --bench</c>: trains the config's model for a few steps on its real data (no checkpoints, no output) and prints
/// one JSON line: tokens/s, samples/s, seconds per step and the share of step time outside forward, backward and the
/// optimizer step (data loading, collation, logging), and of it the share spent getting batches (dataShare).
/// </summary>
public static class TrainCommandBench
{
    public static int Run(PretrainedModel model, TrainingSettings settings, IBatchSource train, torch.Device device, int steps, TextWriter output)
    {
        var benchSettings = settings with { AbortAfterSteps = steps, MaxSteps = steps, MeasurePhases = true, EvalSteps = null, EarlyStopping = null };
        var reporter = new ProgressReporter(TextWriter.Null, null, null);
        var result = new TrainingLoop(model, benchSettings, train, null, null, null, reporter, device).Run();
        var t = result.Timings;
        var line = new
        {
            bench = "train",
            device = device.type.ToString().ToLowerInvariant(),
            threads = torch.get_num_threads(),
            steps = t.Steps,
            batchSize = settings.BatchSize,
            tokensPerSecond = Math.Round(t.TokensPerSecond, 1),
            samplesPerSecond = Math.Round(t.ExamplesPerSecond, 2),
            stepSeconds = t.Steps == 0 ? 0 : Math.Round(t.Total.TotalSeconds / t.Steps, 4),
            forwardSeconds = Math.Round(t.Forward.TotalSeconds, 3),
            backwardSeconds = Math.Round(t.Backward.TotalSeconds, 3),
            optimizerSeconds = Math.Round(t.Optimizer.TotalSeconds, 3),
            totalSeconds = Math.Round(t.Total.TotalSeconds, 3),
            overheadShare = Math.Round(t.OverheadShare, 4),
            dataShare = Math.Round(t.DataShare, 4),
        };
        output.WriteLine(JsonSerializer.Serialize(line, BenchJson.Options));
        return ExitCodes.Success;
    }
}
