namespace KubeTune.Trainer.Configuration;

/// <summary>Values of the config's task (the CRD's spec.task enum).</summary>
public static class TrainerTask
{
    public const string TextClassification = "text-classification";
    public const string CausalLm = "causal-lm";
    public const string Instruction = "instruction";
    public const string ImageClassification = "image-classification";

    public static IReadOnlyList<string> All { get; } = [TextClassification, CausalLm, Instruction, ImageClassification];

    public static bool IsClassification(string task) => task is TextClassification or ImageClassification;
}
