namespace KubeTune.Operator.Tests.Packaging;

/// <summary>What one kubectl invocation printed and how it ended.</summary>
internal sealed record KubectlRun(string Command, int ExitCode, string Stdout, string Stderr)
{
    public KubectlRun ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"{Command} failed with exit code {ExitCode}:\n{Stderr}{Stdout}");
        return this;
    }
}
