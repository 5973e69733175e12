namespace KubeTune.Local;

/// <summary>What a local run talks to: its output streams, whether they are a terminal, the environment, the repository.</summary>
/// <param name="Interactive">A terminal: live progress display; false: plain lines (CI, pipes).</param>
/// <param name="RepositoryRoot">The KubeTune checkout (CRD, trainer build); null: found by walking up to Operator.sln.</param>
public sealed record LocalIo(TextWriter Output, TextWriter Error, bool Interactive, Func<string, string?> Environment, string? RepositoryRoot = null)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The process's console; interactive when stdout is a terminal outside CI.</summary>
    public static LocalIo FromConsole() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && System.Environment.GetEnvironmentVariable("CI") is null && System.Environment.GetEnvironmentVariable("TERM") != "dumb",
        System.Environment.GetEnvironmentVariable);
}
