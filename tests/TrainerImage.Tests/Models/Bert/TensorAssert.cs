using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Bert;

/// <summary>Closeness as the fixture README defines it: absolute tolerance, relative for magnitudes above 1.</summary>
public static class TensorAssert
{
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        var allowed = tolerance * Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= allowed, $"{what}: expected {expected}, got {actual} (tolerance {allowed})");
    }

    public static void Close(torch.Tensor expected, torch.Tensor actual, double tolerance, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: expected shape [{string.Join(", ", expected.shape)}], got [{string.Join(", ", actual.shape)}]");
        using var scope = torch.NewDisposeScope();
        var wanted = expected.detach().cpu().to(torch.ScalarType.Float64);
        var got = actual.detach().cpu().to(torch.ScalarType.Float64);
        var excess = (wanted - got).abs() - tolerance * wanted.abs().clamp_min(1.0);
        var worst = excess.NumberOfElements == 0 ? 0.0 : excess.max().item<double>();
        Assert.True(worst <= 0, $"{what}: differs beyond tolerance {tolerance} by {worst} (max abs diff {(wanted - got).abs().max().item<double>()})");
    }
}
