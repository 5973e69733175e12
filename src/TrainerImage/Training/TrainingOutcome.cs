namespace KubeTune.Trainer.Training;

/// <summary>How a run ended: all steps done (or stopped early), stopped by SIGTERM after a checkpoint, diverged, or aborted on purpose.</summary>
public enum TrainingOutcome
{
    Completed,
    Preempted,
    Diverged,
    Aborted,
}
