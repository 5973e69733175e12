using KubeTune.Trainer.Configuration;

namespace KubeTune.Trainer.Training;

/// <summary>
/// What the training loop needs from the config. EvalSteps null evaluates once per epoch; AbortAfterSteps ends the run
/// after that many steps without a final checkpoint (a crash, for tests and benchmarks); MeasurePhases synchronises the
/// device around forward, backward and optimizer step so the benchmark can time them. StopAtStep ends a search rung:
/// the run checkpoints, evaluates and finishes there, while the schedule still spans the whole run.
/// </summary>
public sealed record TrainingSettings(
    string Task,
    double LearningRate = Defaults.LearningRate,
    int BatchSize = Defaults.BatchSize,
    int GradientAccumulationSteps = Defaults.GradientAccumulationSteps,
    int Epochs = Defaults.Epochs,
    long? MaxSteps = null,
    double WarmupRatio = Defaults.WarmupRatio,
    string Scheduler = Defaults.Scheduler,
    double WeightDecay = Defaults.WeightDecay,
    double MaxGradNorm = Defaults.MaxGradNorm,
    string Precision = Defaults.Precision,
    long Seed = Defaults.Seed,
    int CheckpointEverySteps = Defaults.CheckpointEverySteps,
    int? EvalSteps = null,
    EarlyStoppingSection? EarlyStopping = null,
    int? AbortAfterSteps = null,
    TimeSpan? ReportInterval = null,
    bool MeasurePhases = false,
    long? StopAtStep = null)
{
    /// <summary>The loop's settings from the config; <paramref name="evalSteps"/> (--eval-steps) overrides hyperparameters.evalSteps.</summary>
    public static TrainingSettings FromConfig(TrainerConfig config, int? evalSteps = null)
    {
        var h = config.Hyperparameters;
        return new TrainingSettings(
            config.Task,
            h.LearningRate,
            h.BatchSize,
            h.GradientAccumulationSteps,
            h.Epochs,
            h.MaxSteps,
            h.WarmupRatio,
            h.Scheduler,
            h.WeightDecay,
            h.MaxGradNorm,
            h.Precision,
            h.Seed,
            config.Checkpoint.EverySteps,
            evalSteps ?? h.EvalSteps,
            config.EarlyStopping,
            StopAtStep: config.StopAtStep);
    }
}
