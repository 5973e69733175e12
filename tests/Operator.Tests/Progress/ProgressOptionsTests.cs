using KubeTune.Operator.Progress;

namespace KubeTune.Operator.Tests.Progress;

public sealed class ProgressOptionsTests
{
    [Fact]
    public void Validate_Defaults_SixtyFourKibibytesAndFiveSeconds()
    {
        var options = new ProgressOptions();

        options.Validate();

        Assert.Equal(64 * 1024, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StatusInterval);
    }

    [Theory]
    [InlineData(100, null, "Progress:MaxBodyBytes")]
    [InlineData(65536, "/nonexistent/tls.crt", "Progress:CertificatePath")]
    public void Validate_BadSetting_ErrorNamesTheSetting(long maxBodyBytes, string? certificate, string setting)
    {
        var options = new ProgressOptions { MaxBodyBytes = maxBodyBytes, CertificatePath = certificate ?? string.Empty };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
