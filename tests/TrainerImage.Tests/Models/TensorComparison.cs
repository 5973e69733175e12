using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

/// <summary>Asserts tensors agree within the fixture README's tolerances, naming the tensor and the worst element.</summary>
public static class TensorComparison
{
    public static void AssertClose(torch.Tensor expected, torch.Tensor actual, double absolute, double relative, string name)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{name}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        using var scope = torch.NewDisposeScope();
        var want = expected.detach().cpu().to(torch.ScalarType.Float64);
        var got = actual.detach().cpu().to(torch.ScalarType.Float64);
        var excess = (got - want).abs() - (want.abs() * relative).clamp_min(absolute);
        var worst = excess.NumberOfElements == 0 ? 0.0 : excess.max().item<double>();
        Assert.True(worst <= 0, $"{name}: differs by up to {worst + absolute:G4} beyond tolerance (max |diff| {(got - want).abs().max().item<double>():G4})");
    }

    public static void AssertClose(double expected, double actual, double absolute, double relative, string name)
    {
        var tolerance = Math.Max(absolute, Math.Abs(expected) * relative);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{name}: {actual}, expected {expected} within {tolerance}");
    }
}
