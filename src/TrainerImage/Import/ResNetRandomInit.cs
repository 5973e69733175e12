using TorchSharp;

namespace KubeTune.Trainer.Import;

/// <summary>
/// Fresh weights for a ResNet's base, named and shaped like <see cref="OnnxResNetStateDict"/>'s, initialised as
/// transformers' <c>ResNetPreTrainedModel._init_weights</c> does: convolutions kaiming normal (fan_out, relu), batch
/// norm weight 1 and bias 0 with running mean 0 and variance 1. The random start that a pre-trained start is measured against.
/// </summary>
public static class ResNetRandomInit
{
    private const string ConvolutionWeight = ".convolution.weight";

    /// <summary>One tensor per name in <paramref name="baseShapes"/>; the same seed gives the same weights.</summary>
    public static Dictionary<string, torch.Tensor> Build(IReadOnlyDictionary<string, long[]> baseShapes, long seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        // Sorted names: the draw order, hence the values, does not depend on dictionary order.
        foreach (var (name, shape) in baseShapes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            tensors[name] = Initial(name, shape, generator);
        }
        return tensors;
    }

    private static torch.Tensor Initial(string name, long[] shape, torch.Generator generator)
    {
        if (name.EndsWith(ConvolutionWeight, StringComparison.Ordinal))
        {
            // kaiming_normal_(mode="fan_out", nonlinearity="relu"): std = sqrt(2 / (out_channels * kernel area)).
            var fanOut = shape[0] * shape[2] * shape[3];
            return torch.empty(shape).normal_(0, Math.Sqrt(2.0 / fanOut), generator);
        }
        var field = name[(name.LastIndexOf('.') + 1)..];
        return field switch
        {
            "weight" or "running_var" => torch.ones(shape),
            "bias" or "running_mean" => torch.zeros(shape),
            "num_batches_tracked" => torch.zeros(shape, torch.int64),
            _ => throw new InvalidOperationException($"random init: no rule for '{name}'"),
        };
    }
}
