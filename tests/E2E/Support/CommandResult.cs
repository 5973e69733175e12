namespace KubeTune.E2E.Tests.Support;

/// <summary>What one external command printed and how it ended.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public CommandResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"{Command} failed with exit code {ExitCode}:\n{Stderr}{Stdout}");
        return this;
    }
}
