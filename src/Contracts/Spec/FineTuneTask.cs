namespace KubeTune.Contracts;

/// <summary>Values of spec.task.</summary>
public static class FineTuneTask
{
    public const string TextClassification = "text-classification";
    public const string CausalLm = "causal-lm";
    public const string Instruction = "instruction";
    public const string ImageClassification = "image-classification";

    /// <summary>Every allowed value, in the order the CRD's enum lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [TextClassification, CausalLm, Instruction, ImageClassification];

    /// <summary>The tasks that predict a class label (the ones a head or a label-count check applies to).</summary>
    public static bool IsClassification(string task) => task is TextClassification or ImageClassification;
}
