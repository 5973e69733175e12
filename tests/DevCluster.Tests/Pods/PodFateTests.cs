using KubeTune.DevCluster.Pods;

namespace KubeTune.DevCluster.Tests.Pods;

public sealed class PodFateTests
{
    [Theory]
    [InlineData("exit:0", PodFateKind.Exit, 0, 0)]
    [InlineData("exit:2 after:1500ms", PodFateKind.Exit, 2, 1500)]
    [InlineData("oom after:2s", PodFateKind.OomKilled, 137, 2000)]
    [InlineData("evict", PodFateKind.Evicted, 137, 0)]
    [InlineData("image-pull-error", PodFateKind.ImagePullError, 0, 0)]
    [InlineData("run", PodFateKind.Run, 0, 0)]
    public void Parse_ValidText_KindExitCodeAndDelay(string text, PodFateKind kind, int exitCode, int afterMs)
    {
        var fate = PodFate.Parse(text);

        Assert.Equal(new PodFate(kind, exitCode, TimeSpan.FromMilliseconds(afterMs)), fate);
    }

    [Theory]
    [InlineData("exit:abc", "exit code \"abc\"")]
    [InlineData("exit:300", "exit code \"300\"")]
    [InlineData("crash", "unknown fate \"crash\"")]
    [InlineData("exit:1 later:2s", "\"later:2s\" should be after:DURATION")]
    [InlineData("oom after:soon", "duration \"soon\"")]
    [InlineData("run after:1s", "after: does not apply to run")]
    public void Parse_BadText_ErrorNamesTheWrongPart(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PodFate.Parse(text));

        Assert.Contains(expected, error.Message);
    }
}
