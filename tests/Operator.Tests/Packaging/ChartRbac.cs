using System.Text.RegularExpressions;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>The RBAC rules written in the chart's templates (flow-style lists, so they can be read without rendering).</summary>
internal static partial class ChartRbac
{
    /// <summary>The Argo CD hook's Role patches argocd-cm at install time; it is not the operator's, so it is checked on its own.</summary>
    public const string ArgoCdHookTemplate = "templates/argocd-health-check.yaml";

    public static IReadOnlyList<Permission> AllRules()
    {
        var permissions = new List<Permission>();
        foreach (var template in ChartFiles.Templates.Where(template => template != ArgoCdHookTemplate))
        {
            var text = ChartFiles.Text(template);
            var matches = Rule().Matches(text);
            var declared = Regex.Matches(text, @"apiGroups:").Count;
            Assert.True(matches.Count == declared, $"{template}: {declared} rules but {matches.Count} in the form `- apiGroups: [..]` / `resources: [..]` / `verbs: [..]` this test reads");
            foreach (Match match in matches)
            {
                permissions.AddRange(
                    from apiGroup in List(match.Groups["groups"].Value)
                    from resource in List(match.Groups["resources"].Value)
                    from verb in List(match.Groups["verbs"].Value)
                    select new Permission(apiGroup, resource, verb));
            }
        }

        return permissions;
    }

    private static IEnumerable<string> List(string flow) =>
        flow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => item.Trim('"'));

    [GeneratedRegex(@"- apiGroups: \[(?<groups>[^\]]*)\]\s*\n\s*resources: \[(?<resources>[^\]]*)\]\s*\n\s*verbs: \[(?<verbs>[^\]]*)\]")]
    private static partial Regex Rule();
}
