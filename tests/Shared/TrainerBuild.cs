using System.Diagnostics;

namespace KubeTune.Testing;

/// <summary>
/// The real trainer in the same artifacts folder and configuration as these tests (the solution build makes it; built
/// here only when it is missing, so two test projects running at once never build it over each other).
/// </summary>
internal static class TrainerBuild
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>ARTIFACTS/bin/TrainerImage/CONFIGURATION/KubeTune.Trainer.dll, next to the test project's ARTIFACTS/bin/PROJECT/CONFIGURATION.</summary>
    public static string AssemblyPath => Path.Combine(ArtifactsRoot(), "bin", "TrainerImage", Configuration, "KubeTune.Trainer.dll");

    // "release" or "debug": the folder the test assembly itself was built into.
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(AssemblyPath))
            {
                var project = Path.Combine(RepositoryRoot.Path, "src", "TrainerImage", "TrainerImage.csproj");
                var build = new ProcessStartInfo("dotnet", ["build", project, "-c", Configuration, "--artifacts-path", ArtifactsRoot(), "-nologo", "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
                using var process = Process.Start(build)!;
                var output = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0 && File.Exists(AssemblyPath), $"building the trainer failed:\n{output}");
            }

            return AssemblyPath;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string ArtifactsRoot() => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));
}
