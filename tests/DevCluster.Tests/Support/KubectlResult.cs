namespace KubeTune.DevCluster.Tests.Support;

/// <summary>What a kubectl run printed and how it ended.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public KubectlResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"kubectl failed with exit code {ExitCode}: {Stderr}{Stdout}");
        return this;
    }
}
