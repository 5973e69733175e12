using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KubeTune.Operator.Hosting;

namespace KubeTune.Operator.Tests;

public sealed class ProgramTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task RunAsync_Help_ListsEverySettingWithItsDefaultAndExitsZeroStartingNothing(string flag)
    {
        var (code, output, error) = await RunAsync(flag, "--MetricsPort", "1");

        Assert.Equal(0, code);
        Assert.StartsWith("usage: KubeTune.Operator", output, StringComparison.Ordinal);
        foreach (var setting in typeof(OperatorOptions).GetProperties().Where(property => property.CanWrite && property.Name != nameof(OperatorOptions.LeaderElection)))
        {
            Assert.Contains($"--{setting.Name} ", output, StringComparison.Ordinal);
        }

        Assert.Matches(@"--MetricsPort +8080\n", output);
        Assert.Matches(@"--LeaderElection:Enabled +true\n", output);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("MetricsPort", "ProgressPort")]
    [InlineData("ProgressPort", "MetricsPort")]
    public async Task RunAsync_PortTaken_ExitsTwoNamingThePortAndItsSetting(string takenSetting, string otherSetting)
    {
        using var taken = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        taken.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (code, output, error) = await RunAsync($"--{takenSetting}", port.ToString(CultureInfo.InvariantCulture), $"--{otherSetting}", "0", "--LogFormat", "simple");

        Assert.Equal(Program.ExitInvalidInput, code);
        Assert.Equal($"error: port {port} is in use by another program; choose another with --{takenSetting} N or KUBETUNE_{takenSetting.ToUpperInvariant()} (0 picks a free one)\n", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task RunAsync_SettingThatCannotWork_ExitsTwoWithOneLineNamingIt()
    {
        var (code, _, error) = await RunAsync("--Workers", "0", "--MetricsPort", "0", "--ProgressPort", "0");

        Assert.Equal(Program.ExitInvalidInput, code);
        Assert.Equal("error: configuration Workers must be at least 1, was 0\n", error);
    }

    [Fact]
    public async Task RunAsync_PlainHttpChosenButHttpsBaseUrl_ExitsTwoWithOneLineNamingBothSettings()
    {
        var (code, _, error) = await RunAsync("--Progress:TlsMode", "Disabled", "--MetricsPort", "0", "--ProgressPort", "0");

        Assert.Equal(Program.ExitInvalidInput, code);
        Assert.Equal("error: configuration ProgressBaseUrl 'https://kubetune-operator.kubetune-system.svc:8082' must start with http:// since Progress:TlsMode is Disabled\n", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await Program.RunAsync(args, output, error, Program.AddControllers, stop.Token);
        return (code, output.ToString(), error.ToString());
    }
}
