namespace KubeTune.Trainer.Configuration;

/// <summary>Stop when Metric has not improved for Patience evaluations in a row.</summary>
public sealed record EarlyStoppingSection(string Metric = "eval_loss", int Patience = 3)
{
    public static IReadOnlyList<string> Metrics { get; } = ["train_loss", "eval_loss", "eval_accuracy", "eval_f1", "perplexity"];
}
