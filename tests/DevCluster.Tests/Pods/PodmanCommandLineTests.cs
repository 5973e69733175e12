using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class PodmanCommandLineTests
{
    private static readonly ContainerSecurity Unrestricted = new(null, null, false, null, [], false, false, [], [], false);

    private static readonly PodmanRunSpec Plain = new("devcluster-default-p-1234abcd", "localhost/app:dev", "p", null, [], new Dictionary<string, string>(), null, Unrestricted, []);

    private static readonly Dictionary<string, (PodmanRunSpec Spec, string[] Expected)> Cases = new()
    {
        ["runAsUser and runAsGroup"] = (Plain with { Security = Unrestricted with { RunAsUser = 1000, RunAsGroup = 2000 } }, ["--user", "1000:2000"]),
        ["runAsUser alone"] = (Plain with { Security = Unrestricted with { RunAsUser = 1000 } }, ["--user", "1000"]),
        ["fsGroup and supplementalGroups"] = (Plain with { Security = Unrestricted with { FsGroup = 5, SupplementalGroups = [6, 5] } }, ["--group-add", "5", "--group-add", "6"]),
        ["readOnlyRootFilesystem"] = (Plain with { Security = Unrestricted with { ReadOnlyRootFilesystem = true } }, ["--read-only", "--read-only-tmpfs=false"]),
        ["allowPrivilegeEscalation false"] = (Plain with { Security = Unrestricted with { NoNewPrivileges = true } }, ["--security-opt", "no-new-privileges"]),
        ["capabilities"] = (Plain with { Security = Unrestricted with { DropCapabilities = ["ALL"], AddCapabilities = ["NET_BIND_SERVICE"] } }, ["--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE"]),
        ["env"] = (Plain with { Environment = new Dictionary<string, string> { ["A"] = "x y", ["B"] = "" } }, ["--env", "A=x y", "--env", "B="]),
        ["mounts"] = (
            Plain with { Mounts = [new("/etc/kubetune", "/host/config", true), new("/tmp", "/host/tmp", false)] },
            ["--mount", "type=bind,source=/host/config,target=/etc/kubetune,readonly=true", "--mount", "type=bind,source=/host/tmp,target=/tmp"]),
        ["workingDir"] = (Plain with { WorkingDir = "/work" }, ["--workdir", "/work"]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Run_Spec_HasTheFlagsInOrder(string because)
    {
        var (spec, expected) = Cases[because];

        var args = PodmanCommandLine.Run(new PodmanOptions(), spec);

        Assert.True(ContainsRun(args, expected), $"{because}: expected [{string.Join(' ', expected)}] in [{string.Join(' ', args)}]");
        Assert.Equal("localhost/app:dev", args[^1]);
    }

    [Fact]
    public void Run_Defaults_RuncExplicitUlimitsHostNetworkNoPullAndPodHostname()
    {
        var args = PodmanCommandLine.Run(new PodmanOptions(), Plain);

        Assert.Equal(["--runtime", "runc", "run", "--name", "devcluster-default-p-1234abcd", "--pull", "never", "--network", "host", "--hostname", "p"], args.Take(11));
        Assert.True(ContainsRun(args, ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096"]));
        Assert.DoesNotContain("--user", args);
        Assert.DoesNotContain("--read-only", args);
        Assert.DoesNotContain("--entrypoint", args);
    }

    [Fact]
    public void Run_PodCommandAndArgs_CommandIsAJsonEntrypointAndArgsFollowTheImage()
    {
        var args = PodmanCommandLine.Run(new PodmanOptions(), Plain with { Command = ["/bin/sh", "-c"], Args = ["echo a b", "--x"] });

        Assert.True(ContainsRun(args, ["--entrypoint", "[\"/bin/sh\",\"-c\"]", "localhost/app:dev", "echo a b", "--x"]), string.Join(' ', args));
        Assert.Equal("--x", args[^1]);
    }

    [Fact]
    public void Stop_Grace_RoundsUpToWholeSeconds()
    {
        Assert.Equal(["--runtime", "runc", "stop", "--time", "3", "c"], PodmanCommandLine.Stop(new PodmanOptions(), "c", TimeSpan.FromMilliseconds(2500)));
    }

    private static bool ContainsRun(IReadOnlyList<string> args, IReadOnlyList<string> run) =>
        Enumerable.Range(0, args.Count - run.Count + 1).Any(start => args.Skip(start).Take(run.Count).SequenceEqual(run));
}
