namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>A node of a parsed CEL expression; what Name, Value and Args mean depends on Kind.</summary>
internal sealed record CelNode(CelNodeKind Kind, string Name, object? Value, IReadOnlyList<CelNode> Args, int Position)
{
    public static CelNode Literal(object? value, int position) => new(CelNodeKind.Literal, "", value, [], position);

    /// <summary>Whether the expression refers to the variable <paramref name="name"/> anywhere.</summary>
    public bool References(string name) =>
        (Kind == CelNodeKind.Identifier && Name == name) || Args.Any(a => a.References(name));
}
