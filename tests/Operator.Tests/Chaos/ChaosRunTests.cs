using Xunit.Abstractions;

namespace KubeTune.Operator.Tests.Chaos;

/// <summary>Many job lifecycles with the operator killed at random points and the API failing at random.</summary>
public sealed class ChaosRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_OperatorKilledAndApiFaultsOn_EveryJobFinishesOnceWithACompleteStatus()
    {
        var settings = ChaosSettings.FromEnvironment();

        var figures = await ChaosRun.RunAsync(settings, output.WriteLine);

        output.WriteLine(figures.ToString());
        if (Environment.GetEnvironmentVariable(ChaosSettings.ReportVariable) is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, figures + Environment.NewLine + string.Join(Environment.NewLine, figures.Problems) + Environment.NewLine);
        }

        Assert.True(figures.Problems.Count == 0, $"seed {figures.Seed}:{Environment.NewLine}{string.Join(Environment.NewLine, figures.Problems)}");
        Assert.True(figures.OperatorKills > 0, $"seed {figures.Seed}: the operator was never killed");
        Assert.True(figures.FaultsInjected > 0, $"seed {figures.Seed}: no API fault was injected");
        Assert.Equal(settings.Jobs, figures.Succeeded + figures.Failed);
    }
}
