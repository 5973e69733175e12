using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Selection;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=api", false)]
    [InlineData("tier in (front, back)", true)]
    [InlineData("tier notin (front,back)", false)]
    [InlineData("tier notin (db)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!canary", true)]
    [InlineData("app=web,tier in (front),!canary", true)]
    [InlineData("app=web,canary", false)]
    [InlineData("", true)]
    public void Matches_Requirement_SelectsAsKubernetesDoes(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Fact]
    public void Parse_UnclosedSet_Throws400NamingTheRequirement()
    {
        var error = Assert.Throws<StatusException>(() => LabelSelector.Parse("tier in (a"));

        Assert.Equal(400, error.Code);
        Assert.Contains("tier in (a", error.Message, StringComparison.Ordinal);
    }
}
