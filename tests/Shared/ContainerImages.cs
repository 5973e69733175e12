using System.ComponentModel;
using System.Diagnostics;

namespace KubeTune.Testing;

/// <summary>
/// The images scripts/images.sh builds (names from build/images.env) and whether podman can run them here; tests
/// that run real containers skip with <see cref="ReasonToSkipAsync"/> where it cannot.
/// </summary>
internal static class ContainerImages
{
    public const string EnvironmentFile = "build/images.env";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Names = new(ReadNames);

    public static string Operator => Name("OPERATOR_IMAGE");

    public static string Trainer => Name("TRAINER_IMAGE");

    /// <summary>Null when podman (with runc) runs containers and <paramref name="image"/> is in its store; else why not, for the skip message.</summary>
    public static async Task<string?> ReasonToSkipAsync(string image)
    {
        var info = await PodmanAsync("--runtime", "runc", "info", "--format", "{{.Host.OCIRuntime.Path}}");
        if (info.ExitCode != 0)
        {
            return $"podman with runc is not usable here ({LastLine(info.Stderr)}); CI installs it (.ci/run: apt-get install podman runc)";
        }

        var exists = await PodmanAsync("image", "exists", image);
        return exists.ExitCode == 0 ? null : $"image {image} is not built; run scripts/images.sh";
    }

    /// <summary>Runs podman with <paramref name="arguments"/>; exit code 127 when podman is not installed.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> PodmanAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (Win32Exception)
        {
            return (127, "", "podman is not installed");
        }
    }

    public static string LastLine(string text) => text.Trim().Split('\n').LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "";

    private static string Name(string key) =>
        Names.Value.TryGetValue(key, out var name) ? name : throw new InvalidOperationException($"{EnvironmentFile} has no {key}");

    private static IReadOnlyDictionary<string, string> ReadNames() =>
        File.ReadAllLines(System.IO.Path.Combine(RepositoryRoot.Path, EnvironmentFile))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('='))
            .ToDictionary(line => line[..line.IndexOf('=')], line => line[(line.IndexOf('=') + 1)..], StringComparer.Ordinal);
}
