using KubeTune.DevCluster.Faults;

namespace KubeTune.DevCluster.Tests.Faults;

public sealed class RandomFaultsTests
{
    [Fact]
    public void Parse_FullSpec_RateCodesAndWatchCut()
    {
        var faults = RandomFaults.Parse("rate=0.15,codes=500|429|409,watch-cut=2s-8s,seed=7");

        Assert.Equal(0.15, faults.Rate);
        Assert.Equal([500, 429, 409], faults.Codes);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)), (faults.WatchCutMin!.Value, faults.WatchCutMax!.Value));
    }

    [Theory]
    [InlineData("rate=2", "rate \"2\"")]
    [InlineData("codes=200", "code \"200\"")]
    [InlineData("watch-cut=8s-2s", "below the minimum")]
    [InlineData("watch-cut=2s", "MIN-MAX")]
    [InlineData("speed=3", "unknown or bad setting \"speed=3\"")]
    [InlineData("rate", "KEY=VALUE")]
    public void Parse_BadSpec_FormatExceptionNamingThePart(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RandomFaults.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_RateOne_EveryRequestButWatchesFailsWithAListedCode()
    {
        var injector = new FaultInjector { Random = RandomFaults.Parse("rate=1,codes=429|503,seed=1") };

        var codes = Enumerable.Range(0, 50).Select(_ => injector.Take("GET", "/api/v1/pods")!.Code).ToHashSet();

        Assert.Subset(new HashSet<int> { 429, 503 }, codes);
        Assert.Null(injector.Take("GET", "/api/v1/pods?watch=true"));
    }

    [Fact]
    public void NextWatchCut_Range_WithinTheBounds()
    {
        var injector = new FaultInjector { Random = RandomFaults.Parse("watch-cut=2s-8s,seed=3") };

        Assert.All(Enumerable.Range(0, 20).Select(_ => injector.NextWatchCut()!.Value), cut => Assert.InRange(cut, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)));
    }
}
