namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>The lexical classes of CEL.</summary>
internal enum CelTokenKind
{
    Int,
    UInt,
    Double,
    String,
    Identifier,
    Punctuation,
    End,
}
