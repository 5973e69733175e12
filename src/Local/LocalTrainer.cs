using System.Diagnostics;

namespace KubeTune.Local;

/// <summary>
/// The local stand-in for the trainer image: <c>KUBETUNE_TRAINER_COMMAND</c> (a command with arguments, run by sh;
/// the pod's arguments follow it) when set, else <c>dotnet KubeTune.Trainer.dll train</c> from the repository's Release build,
/// built once with <c>dotnet build src/TrainerImage -c Release</c> when it is missing.
/// </summary>
public static class LocalTrainer
{
    public const string CommandVariable = "KUBETUNE_TRAINER_COMMAND";

    /// <summary>The image the operator runs trainers with in local mode; it and every spec.image map to the local trainer.</summary>
    public const string Image = "kubetune.local/trainer:dev";

    public const string SolutionFile = "Operator.sln";

    /// <summary>
    /// The command a shell command line becomes: <c>sh -c 'exec LINE "$@"'</c>, so the pod's arguments follow it and
    /// SIGTERM reaches the trainer itself; "$" is doubled because the kubelet expands $(VAR) and $$ in commands.
    /// </summary>
    public static IReadOnlyList<string> FromShell(string commandLine) =>
        ["/bin/sh", "-c", "exec " + commandLine.Replace("$", "$$", StringComparison.Ordinal) + " \"$@\"", "kubetune-trainer"];

    /// <summary>The folder holding Operator.sln at or above the current directory or this program, else null.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    public static string TrainerAssembly(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "artifacts", "bin", "TrainerImage", "release", "KubeTune.Trainer.dll");

    /// <summary>Resolves the trainer command, building the trainer first when needed; <paramref name="say"/> tells the user what happens.</summary>
    public static async Task<IReadOnlyList<string>> ResolveAsync(Func<string, string?> environment, string? repositoryRoot, Action<string> say, CancellationToken cancellationToken)
    {
        if (environment(CommandVariable) is { Length: > 0 } commandLine)
        {
            return FromShell(commandLine);
        }

        if (repositoryRoot is null)
        {
            throw new InvalidOperationException($"cannot find the trainer: no {SolutionFile} above {Directory.GetCurrentDirectory()}; run from the KubeTune repository or set {CommandVariable}");
        }

        var assembly = TrainerAssembly(repositoryRoot);
        if (!File.Exists(assembly))
        {
            say("building the trainer once: dotnet build src/TrainerImage -c Release");
            var build = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "build", Path.Combine("src", "TrainerImage", "TrainerImage.csproj"), "-c", "Release", "-nologo", "-v", "q" })
            {
                build.ArgumentList.Add(argument);
            }

            using var process = Process.Start(build) ?? throw new InvalidOperationException("cannot start dotnet");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0 || !File.Exists(assembly))
            {
                throw new InvalidOperationException($"building the trainer failed (exit code {process.ExitCode}):\n{await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
            }
        }

        return ["dotnet", assembly, "train"];
    }
}
