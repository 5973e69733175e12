namespace KubeTune.Trainer.Data;

/// <summary>
/// How many bytes one dataset row may take: a multiple of maxSequenceLength (far more text than that many tokens), with a
/// floor for short sequences, so a huge row is refused before it is held or tokenised.
/// </summary>
public static class RowBound
{
    public const int BytesPerToken = 64;
    public const int MinBytes = 64 * 1024;

    public static int Bytes(int maxSequenceLength) => (int)Math.Min(int.MaxValue / 2, Math.Max(MinBytes, (long)BytesPerToken * maxSequenceLength));
}
