using System.Diagnostics;

namespace KubeTune.Testing;

/// <summary>The real trainer, built into the same artifacts folder as these tests (once, when it is not there yet).</summary>
internal static class TrainerBuild
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>ARTIFACTS/bin/TrainerImage/debug/KubeTune.Trainer.dll, next to the test project's ARTIFACTS/bin/PROJECT/CONFIGURATION.</summary>
    public static string AssemblyPath
    {
        get
        {
            var artifacts = ArtifactsRoot();
            return Path.Combine(artifacts, "bin", "TrainerImage", "debug", "KubeTune.Trainer.dll");
        }
    }

    public static async Task<string> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(AssemblyPath))
            {
                var project = Path.Combine(RepositoryRoot.Path, "src", "TrainerImage", "TrainerImage.csproj");
                var build = new ProcessStartInfo("dotnet", ["build", project, "--artifacts-path", ArtifactsRoot(), "-nologo", "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
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
