using System.Globalization;

namespace KubeTune.E2E.Tests.Support;

/// <summary>Whether a container engine that Testcontainers 4.16 can drive is here; if not, the reason the K3s run is skipped.</summary>
internal static class DockerEngine
{
    /// <summary>Docker Engine API 1.44 (Docker 25) is the oldest the Testcontainers 4.16 client negotiates with.</summary>
    public static readonly Version OldestApi = new(1, 44);

    private static readonly Lazy<Task<string?>> LazyReason = new(FindReasonAsync);

    /// <summary>Null when K3s can run; else why not, in words for the test report.</summary>
    public static Task<string?> ReasonToSkipAsync() => LazyReason.Value;

    private static async Task<string?> FindReasonAsync()
    {
        var version = await Commands.RunAsync("docker", ["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(30));
        if (version.ExitCode != 0)
        {
            var why = (version.Stderr + version.Stdout).Trim().Split('\n').LastOrDefault(line => line.Trim().Length > 0) ?? "docker version failed";
            return $"no Docker engine: {why.Trim()}";
        }

        if (!Version.TryParse(version.Stdout.Trim(), out var api))
        {
            return $"no Docker engine: unexpected API version \"{version.Stdout.Trim()}\"";
        }

        return api < OldestApi
            ? string.Format(CultureInfo.InvariantCulture, "Docker API {0} is older than {1}, the oldest Testcontainers 4.16 supports", api, OldestApi)
            : null;
    }
}
