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

    [Theory]
    [InlineData(null, "", ProgressTlsMode.SelfIssued)]
    [InlineData(ProgressTlsMode.Disabled, "", ProgressTlsMode.Disabled)]
    [InlineData(null, "cert", ProgressTlsMode.Files)]
    public void EffectiveTlsMode_Settings_HttpsUnlessDisabledExplicitly(ProgressTlsMode? mode, string certificate, ProgressTlsMode expected)
    {
        using var file = new TempFile();
        var options = new ProgressOptions { TlsMode = mode, CertificatePath = certificate.Length > 0 ? file.Path : string.Empty };

        options.Validate();

        Assert.Equal(expected, options.EffectiveTlsMode);
    }

    [Theory]
    [InlineData(ProgressTlsMode.Files, false, "Progress:TlsMode is Files but Progress:CertificatePath is not set")]
    [InlineData(ProgressTlsMode.Disabled, true, "Progress:CertificatePath and Progress:CaPath need Progress:TlsMode Files, was Disabled")]
    [InlineData(ProgressTlsMode.SelfIssued, true, "Progress:CertificatePath and Progress:CaPath need Progress:TlsMode Files, was SelfIssued")]
    public void Validate_TlsModeAndFilesDisagree_ErrorNamesBoth(ProgressTlsMode mode, bool certificate, string expected)
    {
        using var file = new TempFile();
        var options = new ProgressOptions { TlsMode = mode, CertificatePath = certificate ? file.Path : string.Empty };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://kubetune-operator.kubetune-system.svc:8082", "must start with https:// since Progress:TlsMode is SelfIssued")]
    [InlineData(ProgressTlsMode.Disabled, "https://127.0.0.1:8082", "must start with http:// since Progress:TlsMode is Disabled")]
    public void ValidateBaseUrl_SchemeDisagreesWithTlsMode_ErrorNamesBothSettings(ProgressTlsMode? mode, string baseUrl, string expected)
    {
        var options = new ProgressOptions { TlsMode = mode };

        var error = Assert.Throws<InvalidOperationException>(() => options.ValidateBaseUrl(baseUrl));

        Assert.Contains($"ProgressBaseUrl '{baseUrl}' {expected}", error.Message, StringComparison.Ordinal);
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
