
namespace KubeTune.Local.Tests;

public sealed class LocalOptionsTests
{
    [Fact]
    public void Parse_FileOnly_UsesMetricsPort9090AndDotKubetuneWorkDir()
    {
        var options = LocalOptions.Parse(["job.yaml"]);

        Assert.Equal(Path.GetFullPath("job.yaml"), options.File);
        Assert.Null(options.Output);
        Assert.Equal(9090, options.MetricsPort);
        Assert.Equal(Path.GetFullPath(".kubetune"), options.WorkDirectory);
    }

    [Fact]
    public void Parse_AllOptions_ReadsEach()
    {
        var options = LocalOptions.Parse(["-o", "yaml", "job.yaml", "--metrics-port", "0", "--work-dir", "/tmp/w"]);

        Assert.Equal(("yaml", 0, "/tmp/w"), (options.Output, options.MetricsPort, options.WorkDirectory));
    }

    [Theory]
    [InlineData("-o", "-o: must be yaml or json, was 'table'", "job.yaml", "-o", "table")]
    [InlineData("--metrics-port", "--metrics-port: must be a port number 0-65535, was '70000'", "job.yaml", "--metrics-port", "70000")]
    [InlineData("missing file", "FILE.yaml is missing", "--work-dir", "w")]
    [InlineData("unknown", "unknown option '--gpu'", "job.yaml", "--gpu")]
    public void Parse_BadArgument_ThrowsNamingIt(string what, string message, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => LocalOptions.Parse(args));

        Assert.True(error.Message == message, $"{what}: {error.Message}");
    }
}
