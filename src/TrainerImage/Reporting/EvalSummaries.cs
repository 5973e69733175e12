using KubeTune.Trainer.Evaluation;

namespace KubeTune.Trainer.Reporting;

/// <summary>Turns an evaluation into the report's metric names.</summary>
public static class EvalSummaries
{
    public static ProgressEvaluation From(EvaluationResult result) => new(
        result.Step,
        ProgressJson.Finite(result.Loss) ?? double.MaxValue,
        result.Classification?.Accuracy,
        result.Classification?.MacroF1,
        ProgressJson.Finite(result.Perplexity),
        result.Classification?.Precision,
        result.Classification?.Recall);
}
