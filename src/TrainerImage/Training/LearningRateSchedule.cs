namespace KubeTune.Trainer.Training;

/// <summary>
/// transformers' schedules (get_linear/cosine/constant_schedule_with_warmup): the learning rate the optimizer step
/// with index <c>step</c> (0-based) uses, so the first step of a warmup runs at 0 as in the Hugging Face Trainer.
/// </summary>
public sealed record LearningRateSchedule(string Kind, double BaseLearningRate, int WarmupSteps, int TotalSteps)
{
    /// <summary>Warmup steps as the Trainer counts them: ceil(ratio × total).</summary>
    public static int WarmupStepsFor(double warmupRatio, int totalSteps) =>
        (int)Math.Ceiling(warmupRatio * totalSteps);

    public static LearningRateSchedule Create(string? kind, double baseLearningRate, double warmupRatio, int totalSteps)
    {
        var name = (kind ?? Defaults.Scheduler).ToLowerInvariant();
        if (!LearningRateScheduler.All.Contains(name))
        {
            throw new InvalidInputException($"hyperparameters.scheduler '{kind}' is not one of {string.Join(", ", LearningRateScheduler.All)}");
        }

        if (warmupRatio is < 0 or > 1)
        {
            throw new InvalidInputException($"hyperparameters.warmupRatio {warmupRatio} must be between 0 and 1");
        }

        return new LearningRateSchedule(name == LearningRateScheduler.ConstantWithWarmup ? LearningRateScheduler.Constant : name, baseLearningRate, WarmupStepsFor(warmupRatio, totalSteps), totalSteps);
    }

    public double At(int step) => BaseLearningRate * Factor(step);

    private double Factor(int step)
    {
        if (step < WarmupSteps)
        {
            return (double)step / Math.Max(1, WarmupSteps);
        }

        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Kind switch
        {
            LearningRateScheduler.Linear => Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps)),
            LearningRateScheduler.Cosine => Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress))),
            _ => 1.0,
        };
    }
}
