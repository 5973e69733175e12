namespace KubeTune.Operator.Tests.Packaging;

/// <summary>Least privilege: the chart and kustomize grant exactly TestData/operator-api-calls.txt, with no wildcard.</summary>
public sealed class RbacTests
{
    [Fact]
    public async Task Kustomize_Rules_GrantExactlyTheOperatorsApiCalls()
    {
        var granted = RbacRules.OfRoles(await KustomizeRender.ObjectsAsync(), "kubectl kustomize config/default");

        AssertExactly(OperatorApiCalls.Load(), granted, "config/rbac");
    }

    [Fact]
    public void Chart_Rules_GrantExactlyTheOperatorsApiCalls()
    {
        var granted = ChartRbac.AllRules();

        AssertExactly(OperatorApiCalls.Load(), granted, "charts/kubetune/templates");
    }

    [Fact]
    public void Chart_WatchNamespacesList_GetsARolePerNamespaceAndOnlyTokenReviewsClusterWide()
    {
        var rbac = ChartFiles.Text("templates/rbac.yaml");

        Assert.Contains("{{- range $namespace := .Values.watchNamespaces }}", rbac, StringComparison.Ordinal);
        Assert.Contains("kind: Role\n", rbac, StringComparison.Ordinal);
        Assert.Contains("namespace: {{ $namespace }}", rbac, StringComparison.Ordinal);
        Assert.Contains("{{- if empty .Values.watchNamespaces }}", rbac, StringComparison.Ordinal);
    }

    [Fact]
    public void SourceCode_EveryApiCall_IsInTheList()
    {
        var listed = OperatorApiCalls.Load();

        var calls = OperatorSourceCalls.Scan();

        Assert.NotEmpty(calls);
        var missing = calls.Where(call => !listed.Contains(call.Permission)).Select(call => $"{call.Location}: {call.Permission}").ToList();
        Assert.True(missing.Count == 0, $"API calls in src/Operator that {OperatorApiCalls.RelativePath} (and so the RBAC rules) lacks:\n" + string.Join('\n', missing));
    }

    private static void AssertExactly(IReadOnlySet<Permission> needed, IReadOnlyList<Permission> granted, string source)
    {
        var wildcards = granted.Where(permission => permission.Group == "*" || permission.Resource.Contains('*', StringComparison.Ordinal) || permission.Verb == "*").ToList();
        Assert.True(wildcards.Count == 0, $"{source} grants wildcards: {string.Join(", ", wildcards)}");

        var missing = needed.Except(granted).Select(permission => permission.ToString()).Order(StringComparer.Ordinal).ToList();
        var extra = granted.Except(needed).Distinct().ToList();
        Assert.True(missing.Count == 0, $"{source} does not grant: {string.Join(", ", missing)}");
        Assert.True(extra.Count == 0, $"{source} grants more than the operator uses: {string.Join(", ", extra)}");
    }
}
