using System.Diagnostics;
using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Data;
using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Reporting;
using TorchSharp;
using TorchSharp.Modules;

namespace KubeTune.Trainer.Training;

/// <summary>
/// The training loop: AdamW with the schedule, gradient accumulation and clipping, evaluation and early stopping,
/// checkpoints every N steps and on SIGTERM, resuming from the newest complete checkpoint. One dispose scope per
/// micro-batch keeps memory flat; a NaN or infinite loss ends the run as diverged.
/// </summary>
public sealed class TrainingLoop
{
    private readonly PretrainedModel model;
    private readonly TrainingSettings settings;
    private readonly IBatchSource train;
    private readonly IBatchSource? validation;
    private readonly int? classCount;
    private readonly CheckpointStore? checkpoints;
    private readonly ProgressReporter reporter;
    private readonly torch.Device device;
    private readonly TimeProvider time;
    private readonly TextWriter diagnostics;
    private readonly int trainableCount;
    private readonly EarlyStopping? earlyStopping;
    private readonly StepTimings timings = new();
    private readonly ThroughputWindow throughput;
    private readonly TimeSpan reportInterval;
    private ITrainableWeights weights = null!;
    private LossMonitor losses = null!;
    private long lastLossRead;
    private Dictionary<string, torch.Tensor>? bestWeights;
    private EvaluationResult? bestEvaluation;
    private EvaluationResult? lastEvaluation;
    private SavedCheckpoint? lastCheckpoint;
    private double? lastLoss;
    private int firstStep = 1;
    private int endStep;

    public TrainingLoop(
        PretrainedModel model,
        TrainingSettings settings,
        IBatchSource train,
        IBatchSource? validation,
        int? classCount,
        CheckpointStore? checkpoints,
        ProgressReporter reporter,
        torch.Device device,
        TimeProvider? time = null,
        TextWriter? diagnostics = null)
    {
        this.diagnostics = diagnostics ?? Console.Error;
        this.model = model;
        this.settings = settings;
        this.train = train;
        this.validation = validation;
        this.classCount = classCount;
        this.checkpoints = checkpoints;
        this.reporter = reporter;
        this.device = device;
        this.time = time ?? TimeProvider.System;
        trainableCount = model.parameters().Count(parameter => parameter.requires_grad);
        earlyStopping = settings.EarlyStopping is { } rule && (validation is not null || rule.Metric == "train_loss")
            ? new EarlyStopping(rule.Metric, rule.Patience)
            : null;
        throughput = new ThroughputWindow(this.time);
        reportInterval = settings.ReportInterval ?? TimeSpan.FromSeconds(1);
        Validate();
    }

    /// <summary>Optimizer steps per epoch: micro-batches / accumulation, the last window of an epoch may be shorter.</summary>
    public int StepsPerEpoch => (int)Math.Ceiling((double)train.BatchCount(settings.BatchSize) / settings.GradientAccumulationSteps);

    public int TotalSteps => settings.MaxSteps is { } max ? (int)max : StepsPerEpoch * settings.Epochs;

    /// <summary>Where this run ends: the total, or a search rung's last step before it.</summary>
    public int EndStep => settings.StopAtStep is { } stop ? (int)Math.Min(stop, TotalSteps) : TotalSteps;

    /// <summary>Trains until done, stopped early, diverged, or <paramref name="stop"/> (SIGTERM) asks to checkpoint and leave.</summary>
    public TrainingResult Run(CancellationToken stop = default)
    {
        var totalSteps = TotalSteps;
        endStep = EndStep;
        var batchesPerEpoch = train.BatchCount(settings.BatchSize);
        var schedule = LearningRateSchedule.Create(settings.Scheduler, settings.LearningRate, settings.WarmupRatio, totalSteps);
        using var ownedWeights = weights = MixedPrecision.Create(model, settings.Precision, diagnostics);
        // On a GPU the loss is read only when a report needs it; on the CPU reading it costs nothing.
        using var ownedLosses = losses = new LossMonitor(eager: device.type != DeviceType.CUDA || settings.MeasurePhases);
        using var optimizer = weights.CreateOptimizer(settings.LearningRate, settings.WeightDecay);
        var position = Resume(optimizer, totalSteps);
        var resumedFrom = position.GlobalStep;
        firstStep = resumedFrom + 1;
        var globalStep = position.GlobalStep;
        model.train();
        throughput.Restart(globalStep);

        for (var epoch = position.Epoch; globalStep < endStep; epoch++)
        {
            var skip = epoch == position.Epoch ? position.BatchesDoneInEpoch : 0;
            var batchIndex = skip;
            var windowStart = skip;
            var loopStart = Stopwatch.GetTimestamp();
            foreach (var batch in timings.TimeReads(StagedBatches.Read(train.Batches(settings.BatchSize, epoch, settings.Seed, skip), device)))
            {
                using var owned = batch;
                var windowSize = (int)Math.Min(settings.GradientAccumulationSteps, batchesPerEpoch - windowStart);
                var loss = TrainMicroBatch(batch, windowSize, globalStep + 1);
                timings.AddBatch(batch.Tokens, batch.Examples);
                throughput.Add(batch.Tokens, batch.Examples);
                batchIndex++;
                if (loss is { } value && !double.IsFinite(value))
                {
                    return Diverged(globalStep + 1, value, totalSteps, resumedFrom);
                }

                lastLoss = loss ?? lastLoss;
                if (batchIndex - windowStart < windowSize)
                {
                    continue;
                }

                OptimizerStep(optimizer, schedule.At(globalStep));
                globalStep++;
                if (!losses.Eager && LossNeeded(globalStep, endStep, batchIndex >= batchesPerEpoch, stop) && ReadDeferredLoss() is { } diverged)
                {
                    return Diverged(diverged.Step, diverged.Loss, totalSteps, resumedFrom);
                }

                windowStart = batchIndex;
                timings.AddStep();
                var state = new TrainerState(globalStep, totalSteps, epoch, (int)batchIndex, settings.Seed, time.GetUtcNow());
                var outcome = AfterStep(optimizer, state, schedule.At(Math.Max(0, globalStep - 1)), batchesPerEpoch, stop);
                timings.AddTotal(loopStart);
                loopStart = Stopwatch.GetTimestamp();
                if (outcome is { } ended)
                {
                    return Finish(ended, globalStep, totalSteps, resumedFrom);
                }

                if (globalStep >= endStep)
                {
                    break;
                }
            }

            timings.AddTotal(loopStart);
            if (globalStep >= endStep && endStep < totalSteps)
            {
                // A rung ends mid-epoch as often as not: Finish evaluates there; the epoch's evaluation belongs to the resumed run.
                break;
            }

            if (settings.EvalSteps is null && validation is not null && lastEvaluation?.Step != globalStep)
            {
                // End of an epoch: evaluate once per epoch unless evalSteps sets another cadence.
                if (Evaluate(globalStep, schedule.At(Math.Max(0, globalStep - 1)), totalSteps, epoch + 1.0))
                {
                    return Finish(TrainingOutcome.Completed, globalStep, totalSteps, resumedFrom);
                }
            }
        }

        return Finish(TrainingOutcome.Completed, globalStep, totalSteps, resumedFrom);
    }

    /// <summary>Forward and backward of one micro-batch; the loss when read at once (CPU), else null (kept on the device).</summary>
    private double? TrainMicroBatch(DataBatch batch, int windowSize, int step)
    {
        using var scope = torch.NewDisposeScope();
        var start = Stopwatch.GetTimestamp();
        var output = model.forward(batch.Inputs.To(device, nonBlocking: device.type == DeviceType.CUDA));
        var loss = output.Loss ?? throw new InvalidInputException("training batches must carry labels");
        var value = losses.Observe(loss, step);
        Synchronize();
        timings.AddForward(start);
        if (value is { } read && !double.IsFinite(read))
        {
            return read;
        }

        start = Stopwatch.GetTimestamp();
        using var windowScalar = ((long)windowSize).ToScalar();
        (windowSize == 1 ? loss : loss.div(windowScalar)).backward();
        weights.AfterBackward();
        Synchronize();
        timings.AddBackward(start);
        return value;
    }

    /// <summary>Whether this step must read the deferred loss: something reports, checkpoints or ends, or the report interval passed.</summary>
    private bool LossNeeded(int step, int totalSteps, bool epochEnds, CancellationToken stop) =>
        step == firstStep || step >= totalSteps || epochEnds || stop.IsCancellationRequested
        || (checkpoints is not null && settings.CheckpointEverySteps > 0 && step % settings.CheckpointEverySteps == 0)
        || (settings.EvalSteps is { } every && step % every == 0)
        || earlyStopping?.Metric == "train_loss"
        || (settings.AbortAfterSteps is { } abort && step >= abort)
        || time.GetElapsedTime(lastLossRead) >= reportInterval;

    /// <summary>Reads the loss kept on the device; the first non-finite step and loss when training diverged.</summary>
    private (int Step, double Loss)? ReadDeferredLoss()
    {
        lastLossRead = time.GetTimestamp();
        var (last, divergedStep, divergedLoss) = losses.Read();
        lastLoss = last ?? lastLoss;
        return divergedStep is { } step ? (step, divergedLoss) : null;
    }

    private void OptimizerStep(AdamW optimizer, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        var start = Stopwatch.GetTimestamp();
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        weights.Step(optimizer, settings.MaxGradNorm);
        Synchronize();
        timings.AddOptimizer(start);
    }

    /// <summary>Reports, evaluates, checkpoints and honours stop requests after an optimizer step; an outcome ends the run.</summary>
    private TrainingOutcome? AfterStep(AdamW optimizer, TrainerState state, double learningRate, long batchesPerEpoch, CancellationToken stop)
    {
        var epoch = state.Epoch + ((double)state.BatchesDoneInEpoch / Math.Max(1, batchesPerEpoch));
        var stopEarly = false;
        if (settings.EvalSteps is { } every && validation is not null && state.GlobalStep % every == 0)
        {
            stopEarly = Evaluate(state.GlobalStep, learningRate, state.TotalSteps, epoch);
        }
        else if (earlyStopping?.Metric == "train_loss" && lastLoss is { } loss && state.GlobalStep % Math.Max(1, settings.EvalSteps ?? StepsPerEpoch) == 0)
        {
            earlyStopping.Observe(loss, state.GlobalStep);
            stopEarly = earlyStopping.ShouldStop;
        }

        // A search rung's last step always checkpoints: the promoted trial resumes there, so no step is trained twice.
        var rungEnds = state.GlobalStep == endStep && endStep < state.TotalSteps;
        var checkpointDue = checkpoints is not null && ((settings.CheckpointEverySteps > 0 && state.GlobalStep % settings.CheckpointEverySteps == 0) || rungEnds);
        if (checkpointDue || (stop.IsCancellationRequested && checkpoints is not null))
        {
            SaveCheckpoint(optimizer, state);
        }

        if (stop.IsCancellationRequested)
        {
            Report(ReportPhase.Preempted, state.GlobalStep, state.TotalSteps, epoch, learningRate, "SIGTERM: stopped after a checkpoint; the restart resumes at the next step");
            return TrainingOutcome.Preempted;
        }

        // The first step of every run (fresh or resumed) is reported, so a restart is visible at once.
        if (checkpointDue || throughput.ReportDue(reportInterval) || state.GlobalStep == firstStep)
        {
            Report(ReportPhase.Running, state.GlobalStep, state.TotalSteps, epoch, learningRate);
        }

        if (settings.AbortAfterSteps is { } abort && state.GlobalStep >= abort)
        {
            return TrainingOutcome.Aborted;
        }

        return stopEarly ? TrainingOutcome.Completed : null;
    }

    /// <summary>Evaluates, tracks the best model, reports; true when early stopping says to stop.</summary>
    private bool Evaluate(int step, double learningRate, int totalSteps, double epoch)
    {
        var start = Stopwatch.GetTimestamp();
        lastEvaluation = Evaluator.Evaluate(model, validation!, settings.BatchSize, classCount, device, step);
        if (earlyStopping is not null && lastEvaluation.Metric(earlyStopping.Metric) is { } value)
        {
            if (earlyStopping.Observe(value, step))
            {
                bestEvaluation = lastEvaluation;
                DisposeBest();
                bestWeights = weights.ChangingTensors().ToDictionary(pair => pair.Key, pair => pair.Value.detach().cpu().clone(), StringComparer.Ordinal);
            }
        }

        Report(ReportPhase.Evaluated, step, totalSteps, epoch, learningRate);
        throughput.Exclude(Stopwatch.GetElapsedTime(start));
        return earlyStopping?.ShouldStop == true;
    }

    private void SaveCheckpoint(AdamW optimizer, TrainerState state)
    {
        var full = state with
        {
            BestMetric = earlyStopping?.Best,
            BestStep = earlyStopping?.BestStep,
            EvaluationsWithoutImprovement = earlyStopping?.EvaluationsWithoutImprovement ?? 0,
            HasBestWeights = bestWeights is not null,
        };
        lastCheckpoint = checkpoints!.Save(state.GlobalStep, directory => TrainingCheckpoint.Write(directory, weights.ChangingTensors(), optimizer, full, bestWeights));
    }

    private TrainerState Resume(AdamW optimizer, int totalSteps)
    {
        if (checkpoints?.FindLatest(warn: message => diagnostics.WriteLine($"warning: {message}")) is not { } latest)
        {
            torch.manual_seed(settings.Seed);
            return new TrainerState(0, totalSteps, 0, 0, settings.Seed, time.GetUtcNow());
        }

        var (state, best) = TrainingCheckpoint.Restore(latest.Directory, weights.CopyInto, optimizer);
        if (state.Seed != settings.Seed)
        {
            throw new InvalidInputException($"{latest.Directory}: checkpoint was written with seed {state.Seed}, the config says {settings.Seed}; use a new checkpoint location for a new run");
        }

        lastCheckpoint = latest;
        bestWeights = best;
        if (earlyStopping is not null && state.BestMetric is { } metric)
        {
            earlyStopping.Restore(metric, state.BestStep ?? 0, state.EvaluationsWithoutImprovement);
        }

        diagnostics.WriteLine($"resuming from {latest.Directory} (step {state.GlobalStep} of {state.TotalSteps}, epoch {state.Epoch}, batch {state.BatchesDoneInEpoch})");
        return state;
    }

    private TrainingResult Finish(TrainingOutcome outcome, int step, int totalSteps, int resumedFrom)
    {
        if (outcome == TrainingOutcome.Completed && bestWeights is not null)
        {
            // The best evaluation's weights are the result (load_best_model_at_end).
            weights.CopyInto(bestWeights, "the best model");
            lastEvaluation = bestEvaluation ?? lastEvaluation;
        }
        else if (outcome == TrainingOutcome.Completed && validation is not null && lastEvaluation?.Step != step)
        {
            lastEvaluation = Evaluator.Evaluate(model, validation, settings.BatchSize, classCount, device, step);
        }

        DisposeBest();
        weights.Release();
        return new TrainingResult(outcome, step, totalSteps, lastLoss, lastEvaluation, lastCheckpoint, timings, null, resumedFrom);
    }

    private TrainingResult Diverged(int step, double loss, int totalSteps, int resumedFrom)
    {
        var message = $"training diverged: the loss is {loss} at step {step} of {totalSteps}; lower hyperparameters.learningRate or check the data";
        Report(ReportPhase.Diverged, step - 1, totalSteps, 0, null, message);
        DisposeBest();
        weights.Release();
        return new TrainingResult(TrainingOutcome.Diverged, step, totalSteps, loss, lastEvaluation, lastCheckpoint, timings, message, resumedFrom);
    }

    /// <summary>The report of the current state; <paramref name="phase"/> says why it was sent.</summary>
    public ProgressReport Snapshot(string phase, int step, int totalSteps, double epoch, double? learningRate, string? message = null, bool final = false) =>
        new(
            step,
            totalSteps,
            Math.Round(epoch, 4),
            totalSteps == 0 ? 100 : Math.Round(100.0 * step / totalSteps, 2),
            phase,
            ProgressJson.Finite(lastLoss),
            learningRate,
            ProgressJson.Finite(throughput.TokensPerSecond),
            ProgressJson.Finite(throughput.ExamplesPerSecond),
            ProgressJson.Finite(throughput.EtaSeconds(step, totalSteps)),
            time.GetUtcNow(),
            final,
            lastEvaluation is null ? null : EvalSummaries.From(lastEvaluation),
            lastCheckpoint is null ? null : new ProgressCheckpoint(lastCheckpoint.Step, lastCheckpoint.Uri, lastCheckpoint.SavedAt),
            null,
            message);

    private void Report(string phase, int step, int totalSteps, double epoch, double? learningRate, string? message = null) =>
        reporter.Publish(Snapshot(phase, step, totalSteps, epoch, learningRate, message));

    private void Synchronize()
    {
        if (settings.MeasurePhases && device.type == DeviceType.CUDA)
        {
            torch.cuda.synchronize();
        }
    }

    private void DisposeBest()
    {
        foreach (var tensor in bestWeights?.Values ?? Enumerable.Empty<torch.Tensor>())
        {
            tensor.Dispose();
        }

        bestWeights = null;
    }

    private void Validate()
    {
        if (settings.BatchSize < 1 || settings.GradientAccumulationSteps < 1)
        {
            throw new InvalidInputException($"hyperparameters.batchSize ({settings.BatchSize}) and gradientAccumulationSteps ({settings.GradientAccumulationSteps}) must be at least 1");
        }

        if (train.BatchCount(settings.BatchSize) == 0)
        {
            throw new InvalidInputException("the training dataset has no examples");
        }

        if (trainableCount == 0)
        {
            throw new InvalidInputException("the training method leaves no trainable parameter");
        }
    }
}
