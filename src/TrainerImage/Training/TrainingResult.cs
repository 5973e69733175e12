using KubeTune.Trainer.Checkpointing;
using KubeTune.Trainer.Evaluation;

namespace KubeTune.Trainer.Training;

/// <summary>The end of a run: outcome, the step reached, the final (or best) evaluation, the newest checkpoint and the timings.</summary>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    int Step,
    int TotalSteps,
    double? LastLoss,
    EvaluationResult? FinalEvaluation,
    SavedCheckpoint? LastCheckpoint,
    StepTimings Timings,
    string? Message = null,
    int ResumedFromStep = 0);
