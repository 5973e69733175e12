namespace KubeTune.Trainer.Data;

/// <summary>What the per-example number of <see cref="TokenizedExamples"/> means, and so what the labels are.</summary>
internal enum TokenizedBatchKind
{
    /// <summary>A class id: labels [B].</summary>
    Classification,

    /// <summary>The count of prompt tokens: labels [B, T] are the ids with -100 on the prompt and padding.</summary>
    Instruction,
}
