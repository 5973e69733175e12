using TorchSharp;

namespace KubeTune.Trainer.Models.Llama;

/// <summary>Rotary position embedding: the cos/sin tables for positions 0..T-1 and their application to q and k.</summary>
public sealed class LlamaRotaryEmbedding
{
    private readonly RopeSettings settings;
    private readonly float[] inverseFrequencies;

    public LlamaRotaryEmbedding(RopeSettings settings)
    {
        this.settings = settings;
        inverseFrequencies = ComputeInverseFrequencies(settings, settings.Theta);
    }

    /// <summary>cos and sin, [T, dim], float32.</summary>
    public (torch.Tensor Cos, torch.Tensor Sin) Tables(long length, torch.Device device)
    {
        var frequencies = inverseFrequencies;
        if (settings.Type == "dynamic" && length > settings.MaxPositions)
        {
            // NTK-aware scaling: a larger base once the sequence exceeds the trained context.
            var dim = settings.Dimension;
            var theta = settings.Theta * Math.Pow((settings.Factor * length / settings.MaxPositions) - (settings.Factor - 1), dim / (dim - 2.0));
            frequencies = ComputeInverseFrequencies(settings, theta);
        }

        var inverse = torch.tensor(frequencies, device: device);
        var positions = KeptScalars.Positions(length, torch.ScalarType.Float32, device);
        if (settings.Type == "linear")
        {
            // A using-held Scalar, not a number: a temporary can be freed mid-call by another thread's GC.
            using var factor = settings.Factor.ToScalar();
            positions = positions.div(factor);
        }

        var angles = torch.outer(positions, inverse);
        var table = torch.cat([angles, angles], -1);
        return (table.cos(), table.sin());
    }

    /// <summary>x * cos + rotate_half(x) * sin on the first <c>dim</c> channels of [B, H, T, head_dim].</summary>
    public static torch.Tensor Apply(torch.Tensor x, torch.Tensor cos, torch.Tensor sin)
    {
        var dim = cos.shape[^1];
        var rotary = dim == x.shape[^1] ? x : x[.., .., .., ..(int)dim];
        var half = dim / 2;
        var rotated = torch.cat([-rotary[.., .., .., (int)half..], rotary[.., .., .., ..(int)half]], -1);
        var embedded = (rotary * cos.to(x.dtype)).add(rotated * sin.to(x.dtype), KeptScalars.One);
        return dim == x.shape[^1] ? embedded : torch.cat([embedded, x[.., .., .., (int)dim..]], -1);
    }

    private static float[] ComputeInverseFrequencies(RopeSettings settings, double theta)
    {
        var dim = settings.Dimension;
        // As transformers: exponents in float32, then 1 / theta^exponent.
        // Runs per forward for "dynamic" beyond the context, so its Scalars are held (see Tables).
        using var stop = dim.ToScalar();
        using var step = 2.ToScalar();
        using var one = 1.0f.ToScalar();
        var exponents = torch.arange(KeptScalars.Zero, stop, step, torch.ScalarType.Int64).to(torch.ScalarType.Float32).div(stop);
        var inverse = torch.pow(torch.tensor((float)theta), exponents).reciprocal().mul(one);
        if (settings.Type == "llama3")
        {
            inverse = Llama3Scale(inverse, settings);
        }

        return inverse.data<float>().ToArray();
    }

    private static torch.Tensor Llama3Scale(torch.Tensor inverse, RopeSettings settings)
    {
        var lowWavelength = settings.OriginalMaxPositions / settings.LowFrequencyFactor;
        var highWavelength = settings.OriginalMaxPositions / settings.HighFrequencyFactor;
        var wavelength = 2 * Math.PI / inverse;
        var scaled = torch.where(wavelength > lowWavelength, inverse / settings.Factor, inverse);
        var smooth = ((settings.OriginalMaxPositions / wavelength) - settings.LowFrequencyFactor)
            / (settings.HighFrequencyFactor - settings.LowFrequencyFactor);
        var smoothed = ((1 - smooth) * scaled / settings.Factor) + (smooth * scaled);
        var medium = (wavelength >= highWavelength).logical_and(wavelength <= lowWavelength);
        return torch.where(medium, smoothed, scaled);
    }
}
