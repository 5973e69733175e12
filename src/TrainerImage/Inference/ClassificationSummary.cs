namespace KubeTune.Trainer.Inference;

/// <summary>How many inputs were predicted, how many carried a label, and how many of those the model got right.</summary>
public sealed record ClassificationSummary(int Inputs, int Labelled, int Correct)
{
    /// <summary>Correct / labelled, as the trainer's eval_accuracy; null when no input had a label.</summary>
    public double? Accuracy => Labelled > 0 ? (double)Correct / Labelled : null;
}
