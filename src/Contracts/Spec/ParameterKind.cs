namespace KubeTune.Contracts;

/// <summary>What values a searchable hyperparameter takes.</summary>
public enum ParameterKind
{
    /// <summary>A real number (learning rate, ratios, dropout).</summary>
    Real,

    /// <summary>A whole number of at least 1 (batch size, epochs, LoRA rank).</summary>
    Integer,

    /// <summary>A name from a fixed list (the scheduler); values only.</summary>
    Text,
}
