namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>One token: its class, its text (punctuation, identifier) or decoded value (literals), and where it starts.</summary>
internal sealed record CelToken(CelTokenKind Kind, string Text, object? Value, int Position)
{
    public bool Is(string punctuation) => Kind == CelTokenKind.Punctuation && Text == punctuation;
}
