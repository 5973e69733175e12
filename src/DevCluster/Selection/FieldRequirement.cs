namespace KubeTune.DevCluster.Selection;

/// <summary>One requirement of a field selector, such as <c>status.phase!=Running</c>; a missing field reads as "".</summary>
public sealed record FieldRequirement(string Field, bool Equal, string Value)
{
    public bool Matches(string actual) => string.Equals(actual, Value, StringComparison.Ordinal) == Equal;

    public override string ToString() => $"{Field}{(Equal ? "=" : "!=")}{Value}";
}
