namespace KubeTune.Trainer.Data;

/// <summary>One line of a text file (1-based number, without its line break), or why it cannot be read.</summary>
internal sealed record PhysicalLine(long Number, string Text, string? Problem);
