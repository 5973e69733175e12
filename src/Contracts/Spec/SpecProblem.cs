namespace KubeTune.Contracts;

/// <summary>Why a spec cannot be run: the field's path (spec.model.uri) and what is wrong with it.</summary>
public sealed record SpecProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
