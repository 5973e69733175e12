using System.Runtime.InteropServices;
using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Lora;
using KubeTune.Trainer.Reporting;
using KubeTune.Trainer.Storage;
using KubeTune.Trainer.Tokenization;
using KubeTune.Trainer.Training;
using TorchSharp;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// <c>train [--config FILE] [--pvc-root DIR] [--device auto|cpu|cuda] [--eval-steps N] [--bench [--bench-steps N]]</c>:
/// fine-tunes the config's model on its dataset, resuming from the newest complete checkpoint, and writes the output.
/// Exit codes: 0 done, 1 retryable (SIGTERM after a checkpoint, I/O trouble), 2 invalid input, 3 diverged.
/// </summary>
public static class TrainCommand
{
    public const string Name = "train";

    public const string Usage = "train [--config FILE] [--pvc-root DIR] [--device auto|cpu|cuda] [--eval-steps N] [--bench [--bench-steps N]]";

    /// <summary>What train --help prints.</summary>
    public const string Help = "usage: KubeTune.Trainer " + Usage + """


        Fine-tunes the job's base model on its dataset, resuming from the newest intact checkpoint, and writes the
        output (model or LoRA adapter, tokenizer files, eval.json, training_log.jsonl, README.md).

        options:
          --config FILE          a FineTuneJob manifest (YAML or JSON) or the operator's job.json (default /etc/kubetune/job.json)
          --pvc-root DIR         where pvc://CLAIM/PATH locations are: DIR/CLAIM/PATH (outside a pod)
          --device D             auto (CUDA when present), cpu or cuda (default auto)
          --eval-steps N         evaluate every N steps instead of once per epoch
          --bench                measure throughput and overhead for --bench-steps N steps (default 20) and print one JSON line
          -h, --help             print this help and exit

        environment: HF_TOKEN and HF_ENDPOINT for hf:// downloads, KUBETUNE_THREADS, KUBETUNE_CACHE_DIR.
        exit codes: 0 done, 1 retryable, 2 invalid input, 3 diverged.
        """;

    /// <summary>How long the final report may take to reach the operator (the pod's grace period must leave room).</summary>
    private static readonly TimeSpan FinalReportDeadline = TimeSpan.FromSeconds(5);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, Func<string, string?>? environment = null, CancellationToken stop = default)
    {
        var options = TrainCommandOptions.Parse(args);
        environment ??= Environment.GetEnvironmentVariable;
        using var sigterm = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, sigterm.Token);
        // SIGTERM (eviction, preemption, suspend): finish the step, checkpoint, exit 1 so the Job retries.
        using var registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            error.WriteLine("received SIGTERM: finishing the current step and writing a checkpoint");
            sigterm.Cancel();
        });
        try
        {
            return RunAsync(options, output, error, environment, linked.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Retryable;
        }
    }

    private static async Task<int> RunAsync(TrainCommandOptions options, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken stop)
    {
        torch.set_num_threads(TrainingDevice.ThreadCount(environment));
        var device = TrainingDevice.Select(options.Device);
        var config = TrainerConfigLoader.Load(options.ConfigPath);
        var loadOptions = new ConfigLoadOptions(PvcRoot: options.PvcRoot);
        ResolvedPaths paths;
        using (var http = new HttpClient())
        {
            paths = await new StorageResolver(loadOptions, http).ResolveAsync(config, stop).ConfigureAwait(false);
        }

        // Before anything is read or written: inputs inside their roots, outputs apart from them and free of links.
        WorkspaceSafety.Check(paths, options.PvcRoot);

        // Reports carry locations in the user's terms (pvc://...), not the pod's or the host's paths.
        var uris = UserUriMapper.For(config, loadOptions);

        var modelConfig = HfConfig.Load(Path.Combine(paths.ModelDirectory, PretrainedModelLoader.ConfigFileName));
        var architecture = TaskModels.Architecture(modelConfig, config.Task);
        // The base model is checked before the dataset is read, so a bad model fails fast (again with the data's labels at load).
        PretrainedModelLoader.Preflight(paths.ModelDirectory, modelConfig, architecture);
        using var tokenizer = config.Task == FineTuneTask.ImageClassification ? null : HfTokenizer.Load(paths.ModelDirectory);
        using var data = DatasetPreparer.Prepare(config, paths, tokenizer, modelConfig);
        if (data.SkippedRows > 0)
        {
            error.WriteLine($"note: skipped {data.SkippedRows} invalid rows (dataset.skipInvalid)");
        }

        // Seeded before the head and LoRA matrices are initialised, so a run is reproducible end to end.
        torch.manual_seed(config.Hyperparameters.Seed);
        using var model = PretrainedModelLoader.Load(paths.ModelDirectory, null, data.LabelNames, architecture, warn: message => error.WriteLine($"note: {message}"));
        var lora = config.Method.Lora is { } section
            ? new LoraSettings(section.R, section.Alpha, section.Dropout, TaskModels.LoraTargets(modelConfig, section.TargetModules))
            : null;
        var adapters = TrainingMethods.Apply(model, config.Method.Type, lora, FineTuneTask.IsClassification(config.Task));
        if (device.type != DeviceType.CPU)
        {
            model.to(device);
        }

        var settings = TrainingSettings.FromConfig(config, options.EvalSteps) with { AbortAfterSteps = options.AbortAfterSteps };
        if (options.Bench)
        {
            return TrainCommandBench.Run(model, settings, data.Train, device, options.BenchSteps, output);
        }

        var store = new CheckpointStore(paths.CheckpointsDirectory, config.Checkpoint.Keep, uriOf: uris.UriOf);
        var poster = ProgressReporter.PosterFromEnvironment(environment);
        await using var reporter = new ProgressReporter(output, Path.Combine(paths.OutputDirectory, ProgressReporter.LogFileName), poster, TerminationLog.FromEnvironment(environment), error);
        var trainer = new TrainingLoop(model, settings, data.Train, data.Validation, data.LabelNames?.Count, store, reporter, device, diagnostics: error);
        error.WriteLine($"training {architecture} ({config.Method.Type}) on {device.type}: {trainer.TotalSteps} steps, {data.Train.Count} examples, checkpoints in {paths.CheckpointsDirectory} ({uris.UriOf(paths.CheckpointsDirectory)})");
        var result = trainer.Run(stop);
        var specialTokens = tokenizer is null ? default : (EndOfSequenceToken.Resolve(tokenizer, modelConfig), tokenizer.DeclaredPadTokenId);
        return await FinishAsync(result, trainer, config, paths, uris, model, adapters, lora, data, reporter, error, specialTokens).ConfigureAwait(false);
    }

    private static async Task<int> FinishAsync(
        TrainingResult result,
        TrainingLoop trainer,
        TrainerConfig config,
        ResolvedPaths paths,
        UserUriMapper uris,
        PretrainedModel model,
        IReadOnlyDictionary<string, LoraLinear> adapters,
        LoraSettings? lora,
        PreparedData data,
        ProgressReporter reporter,
        TextWriter error,
        (long? Eos, long? Pad) specialTokens)
    {
        switch (result.Outcome)
        {
            case TrainingOutcome.Completed:
                EvalReport.Write(paths.OutputDirectory, result.FinalEvaluation, data.LabelNames, result.Step, result.LastLoss, config.Task == FineTuneTask.ImageClassification ? null : config.Hyperparameters.MaxSequenceLength);
                var written = TrainingOutputs.Write(model, adapters, lora, config, result, paths.OutputDirectory, uris.UriOf(paths.OutputDirectory), paths.ModelDirectory, specialTokens);
                // A search rung (stopAtStep) ends before the total: its report says how far the whole run is.
                var rung = result.Step < result.TotalSteps && config.StopAtStep is not null;
                var final = trainer.Snapshot(ReportPhase.Completed, result.Step, result.TotalSteps, config.Hyperparameters.Epochs, null, final: true) with
                {
                    Output = written,
                    Percent = rung ? Math.Round(100.0 * result.Step / result.TotalSteps, 2) : 100,
                    EtaSeconds = 0,
                    Message = rung ? $"stopped at step {result.Step} of {result.TotalSteps} (stopAtStep): a search rung ends here; the checkpoint lets the trial continue" : null,
                };
                await reporter.CompleteAsync(final, FinalReportDeadline).ConfigureAwait(false);
                error.WriteLine($"done: {result.Step} steps{(rung ? $" of {result.TotalSteps} (stopAtStep)" : string.Empty)}, output in {paths.OutputDirectory} ({written.Uri})");
                return ExitCodes.Success;
            case TrainingOutcome.Diverged:
                error.WriteLine($"error: {result.Message}");
                await reporter.CompleteAsync(trainer.Snapshot(ReportPhase.Diverged, result.Step - 1, result.TotalSteps, 0, null, result.Message, final: true), FinalReportDeadline).ConfigureAwait(false);
                return ExitCodes.Diverged;
            case TrainingOutcome.Preempted:
                var saved = result.LastCheckpoint is { } checkpoint ? $"checkpoint-{checkpoint.Step} saved at {checkpoint.SavedAt:O}" : "no checkpoint";
                error.WriteLine($"stopped by SIGTERM after step {result.Step}: {saved}");
                await reporter.CompleteAsync(trainer.Snapshot(ReportPhase.Preempted, result.Step, result.TotalSteps, 0, null, saved), FinalReportDeadline).ConfigureAwait(false);
                return ExitCodes.Retryable;
            default:
                error.WriteLine($"aborted after step {result.Step} without a final checkpoint (--abort-after-steps)");
                return ExitCodes.Retryable;
        }
    }
}
