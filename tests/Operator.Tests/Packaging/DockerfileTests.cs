using System.Text.RegularExpressions;
using System.Xml.Linq;
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
    public void Dockerfile_Operator_RuntimeHasNoDotnetAndExposesItsPorts()
    {
        var lines = Lines("Dockerfile");
        var finalFrom = From().Match(lines.Last(line => From().IsMatch(line.Text)).Text).Groups["image"].Value;
        var text = string.Join('\n', lines.Select(line => line.Text));

        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:", finalFrom, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^EXPOSE\s+.*\b8080\b", text);
        Assert.Matches(@"(?m)^EXPOSE\s+.*\b8082\b", text);
        Assert.Matches(@"(?m)^RUN dotnet restore ", text);
        Assert.True(text.IndexOf("RUN dotnet restore", StringComparison.Ordinal) < text.IndexOf("COPY src/Operator/ ", StringComparison.Ordinal),
            "Dockerfile: restore must run before the sources are copied, so its layer stays cached");
    }

    [Fact]
    public void Dockerfile_Operator_RestoresAndPublishesNativeAotForTheSameRuntime()
    {
        var text = string.Join('\n', Instructions(Lines("Dockerfile")));
        var restore = Regex.Match(text, @"(?m)^RUN dotnet restore src/Operator/Operator\.csproj(?<args>.*)$");
        var publish = Regex.Match(text, @"(?m)^RUN dotnet publish src/Operator/Operator\.csproj(?<args>.*)$");

        Assert.True(restore.Success && publish.Success, "Dockerfile: the build stage must restore and publish src/Operator/Operator.csproj");
        foreach (var required in new[] { "--runtime linux-x64", "-p:PublishAot=true" })
        {
            // A publish with --no-restore fails (NETSDK1047) unless the restore had the same runtime and PublishAot.
            Assert.True(restore.Groups["args"].Value.Contains(required, StringComparison.Ordinal), $"Dockerfile: dotnet restore lacks {required}");
            Assert.True(publish.Groups["args"].Value.Contains(required, StringComparison.Ordinal), $"Dockerfile: dotnet publish lacks {required}");
        }
    }

    [Fact]
    public void Dockerfile_Operator_RunsTheNativeBinaryAndCopiesNothingElseButItsSettings()
    {
        var assemblyName = XDocument.Load(Path.Combine(RepositoryRoot.Path, "src/Operator/Operator.csproj")).Descendants("AssemblyName").Single().Value;
        var lines = Lines("Dockerfile");
        var finalStage = lines.Skip(lines.FindLastIndex(line => From().IsMatch(line.Text))).Select(line => line.Text).ToList();
        var copied = finalStage.Select(line => CopyFromBuild().Match(line)).Where(match => match.Success)
            .SelectMany(match => match.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();

        Assert.Contains($"ENTRYPOINT [\"/app/{assemblyName}\"]", finalStage);
        Assert.Equal(["/app/" + assemblyName, "/app/appsettings*.json"], copied);
    }

    [Fact]
    public void Dockerfile_Operator_BoundsTheGen0BudgetInHexTheNativeRuntimeReads()
    {
        var text = string.Join('\n', Lines("Dockerfile").Select(line => line.Text));
        var gen0 = Regex.Match(text, @"\bDOTNET_GCgen0size=(?<value>\S+)");

        Assert.True(gen0.Success, "Dockerfile: the operator stage must set DOTNET_GCgen0size (hex)");
        var value = gen0.Groups["value"].Value;
        Assert.True(Regex.IsMatch(value, "^[0-9a-fA-F]+$"), $"Dockerfile: DOTNET_GCgen0size={value} must be bare hex digits; the native AOT runtime ignores 0x800000 (the JIT runtime reads both)");
        Assert.InRange(Convert.ToInt64(value, 16), 1L << 20, 64L << 20);
    }

    public static TheoryData<string, string> DockerfileProjects => new()
    {
        { "Dockerfile", "src/Operator/Operator.csproj" },
        { "src/TrainerImage/Dockerfile", "src/TrainerImage/TrainerImage.csproj" },
    };

    [Theory]
    [MemberData(nameof(DockerfileProjects))]
    public void Dockerfile_BuildStage_CopiesEveryFolderTheProjectReads(string dockerfile, string project)
    {
        var copied = Lines(dockerfile).Select(line => Copy().Match(line.Text)).Where(match => match.Success)
            .SelectMany(match => match.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Select(source => source.TrimEnd('/'))
            .ToList();

        foreach (var needed in ProjectInputs(project))
        {
            Assert.True(
                copied.Any(source => needed == source || needed.StartsWith(source + "/", StringComparison.Ordinal)),
                $"{dockerfile}: {project} reads {needed}, which no COPY brings into the build (copied: {string.Join(", ", copied)})");
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_Stages_AreNamedLiterally(string dockerfile)
    {
        // buildah 1.28 (podman on Debian 12) resolves FROM ${VAR} as an image to pull, not as a stage name.
        foreach (var line in Lines(dockerfile).Where(line => From().IsMatch(line.Text)))
        {
            Assert.DoesNotContain("$", From().Match(line.Text).Groups["image"].Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dockerfile_TrainerRuntimeStages_RunAsTheUserThePodSpecSets()
    {
        var user = $"USER {KubeTune.Operator.Controllers.Builders.TrainerJobBuilder.NonRootUser}:{KubeTune.Operator.Controllers.Builders.TrainerJobBuilder.NonRootUser}";
        var lines = Lines("src/TrainerImage/Dockerfile");
        var starts = lines.Select((line, index) => (Match: From().Match(line.Text), Index: index)).Where(stage => stage.Match.Success).ToList();
        foreach (var stage in new[] { "cpu", "cuda" })
        {
            var start = starts.Single(item => item.Match.Groups["stage"].Value == stage).Index;
            var end = starts.Select(item => item.Index).FirstOrDefault(index => index > start, lines.Count);
            Assert.Contains(lines[start..end], line => line.Text == user);
        }
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

    // Joins backslash continuations: one string per instruction, comments dropped.
    private static IEnumerable<string> Instructions(IEnumerable<(int Number, string Text)> lines)
    {
        var current = "";
        foreach (var (_, text) in lines.Where(line => line.Text.Length > 0 && !line.Text.StartsWith('#')))
        {
            current += text.EndsWith('\\') ? text[..^1] + " " : text;
            if (!text.EndsWith('\\'))
            {
                yield return Regex.Replace(current, @"\s+", " ").Trim();
                current = "";
            }
        }
    }

    // The project's folder, and the folders of what it references, compiles in from elsewhere or imports: repository-relative.
    private static SortedSet<string> ProjectInputs(string project)
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.Combine(RepositoryRoot.Path, project)]);
        while (pending.TryDequeue(out var file))
        {
            var folder = Path.GetDirectoryName(file)!;
            if (!inputs.Add(Relative(folder)))
            {
                continue;
            }

            var xml = XDocument.Load(file);
            foreach (var element in xml.Descendants())
            {
                var include = element.Name.LocalName switch
                {
                    "ProjectReference" or "Compile" => element.Attribute("Include")?.Value,
                    "Import" => element.Attribute("Project")?.Value,
                    _ => null,
                };
                if (include is null || include.Contains("$(", StringComparison.Ordinal) || !include.StartsWith("..", StringComparison.Ordinal))
                {
                    continue;
                }

                var full = Path.GetFullPath(Path.Combine(folder, include));
                if (element.Name.LocalName == "ProjectReference")
                {
                    pending.Enqueue(full);
                }
                else
                {
                    inputs.Add(Relative(Path.GetDirectoryName(full)!));
                }
            }
        }

        return inputs;
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

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

    [GeneratedRegex(@"^COPY\s+(?!--from)(?<sources>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Copy();

    [GeneratedRegex(@"^COPY\s+--from=build\s+(?<sources>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CopyFromBuild();

    [GeneratedRegex(@"^USER\s+(?<user>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex UserInstruction();

    [GeneratedRegex(@"^ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex Arg();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();
}
