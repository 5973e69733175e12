namespace KubeTune.Operator.Tests.Packaging;

/// <summary>One thing RBAC can allow: a verb on a resource (with subresource, e.g. finetunejobs/status) of an API group ("" is core).</summary>
internal sealed record Permission(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)} {Resource} {Verb}";
}
