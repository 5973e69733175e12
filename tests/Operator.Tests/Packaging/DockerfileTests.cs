using System.Text.RegularExpressions;
using KubeTune.Operator.Tests.Api;

namespace KubeTune.Operator.Tests.Packaging;

/// <summary>The operator and trainer Dockerfiles: pinned base images, a non-root user, no SDK at run time.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => new() { "Dockerfile", "src/TrainerImage/Dockerfile" };

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_BaseImages_ArePinnedToExplicitTags(string dockerfile)
    {
        var lines = Lines(dockerfile);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var arguments = Arguments(lines);

        var froms = lines.Select(line => From().Match(line.Text)).Where(match => match.Success).ToList();
        Assert.NotEmpty(froms);
        foreach (var line in lines)
        {
            var match = From().Match(line.Text);
            if (!match.Success)
            {
                continue;
            }

            var image = Expand(match.Groups["image"].Value, arguments);
            if (!stages.Contains(image) && image != "scratch")
            {
                var tag = TagOf(image);
                Assert.True(tag is not null || image.Contains('@', StringComparison.Ordinal), $"{dockerfile}:{line.Number}: base image \"{image}\" has no explicit tag");
                Assert.True(tag is not ("latest" or ""), $"{dockerfile}:{line.Number}: base image \"{image}\" uses the floating tag latest");
            }

            if (match.Groups["stage"].Success)
            {
                stages.Add(match.Groups["stage"].Value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_FinalStage_RunsAsANonRootUser(string dockerfile)
    {
        var lines = Lines(dockerfile);
        var finalStage = lines.FindLastIndex(line => From().IsMatch(line.Text));
        var user = lines.Skip(finalStage).Select(line => UserInstruction().Match(line.Text)).LastOrDefault(match => match.Success);

        Assert.True(user is not null, $"{dockerfile}: the final stage has no USER instruction, so the container runs as root");
        var name = user!.Groups["user"].Value.Split(':')[0];
        Assert.False(name is "root" or "0", $"{dockerfile}: USER {name} is root");
    }

    [Fact]
    public void Dockerfile_Operator_RuntimeHasNoSdkAndExposesItsPorts()
    {
        var lines = Lines("Dockerfile");
        var finalFrom = From().Match(lines.Last(line => From().IsMatch(line.Text)).Text).Groups["image"].Value;
        var text = string.Join('\n', lines.Select(line => line.Text));

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", finalFrom, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^EXPOSE\s+.*\b8080\b", text);
        Assert.Matches(@"(?m)^EXPOSE\s+.*\b8082\b", text);
        Assert.Matches(@"(?m)^RUN dotnet restore ", text);
        Assert.True(text.IndexOf("RUN dotnet restore", StringComparison.Ordinal) < text.IndexOf("COPY src/Operator/ ", StringComparison.Ordinal),
            "Dockerfile: restore must run before the sources are copied, so its layer stays cached");
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputsAndGitOutOfTheContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".dockerignore")).Select(line => line.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { ".git", "**/bin", "**/obj", "artifacts" }, ignored);
    }

    private static List<(int Number, string Text)> Lines(string dockerfile)
    {
        var path = Path.Combine(RepositoryRoot.Path, dockerfile);
        Assert.True(File.Exists(path), $"{dockerfile} does not exist");
        return File.ReadAllLines(path).Select((text, index) => (index + 1, text.Trim())).ToList();
    }

    private static Dictionary<string, string> Arguments(IEnumerable<(int Number, string Text)> lines) =>
        lines.Select(line => Arg().Match(line.Text)).Where(match => match.Success)
            .GroupBy(match => match.Groups["name"].Value)
            .ToDictionary(group => group.Key, group => group.First().Groups["value"].Value.Trim('"'));

    private static string Expand(string image, Dictionary<string, string> arguments) =>
        Variable().Replace(image, match => arguments.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);

    private static string? TagOf(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.IndexOf(':', lastSlash + 1);
        return colon < 0 ? null : withoutDigest[(colon + 1)..];
    }

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>\S+)(\s+AS\s+(?<stage>\S+))?", RegexOptions.IgnoreCase)]
    private static partial Regex From();

    [GeneratedRegex(@"^USER\s+(?<user>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex UserInstruction();

    [GeneratedRegex(@"^ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex Arg();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();
}
