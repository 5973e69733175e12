namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// A one-dimensional adaptive Parzen estimator on [low, high] (Bergstra et al. 2011, as in hyperopt): a truncated
/// Gaussian on each observation, its width the larger gap to a neighbour (clipped to [range / min(100, n + 1), range]),
/// plus a prior Gaussian centred on the range as wide as it, all weighted equally.
/// </summary>
public sealed class ParzenEstimator
{
    private readonly double low;
    private readonly double high;
    private readonly List<(double Mean, double Sigma)> components = [];

    public ParzenEstimator(IEnumerable<double> observations, double low, double high)
    {
        this.low = low;
        this.high = high;
        var range = high - low;
        var prior = (low + high) / 2;
        var means = observations.Select(value => Math.Clamp(value, low, high)).Append(prior).Order().ToList();
        var minimum = range / Math.Min(100.0, means.Count);
        for (var i = 0; i < means.Count; i++)
        {
            var left = means[i] - (i == 0 ? low : means[i - 1]);
            var right = (i == means.Count - 1 ? high : means[i + 1]) - means[i];
            components.Add((means[i], Math.Clamp(Math.Max(left, right), minimum, range)));
        }

        // The prior keeps the whole range reachable however the observations cluster.
        var index = means.IndexOf(prior);
        components[index] = (prior, range);
    }

    /// <summary>One draw: a component chosen uniformly, then its Gaussian truncated to the range.</summary>
    public double Sample(StableRandom random)
    {
        var (mean, sigma) = components[Math.Min(components.Count - 1, (int)(random.NextDouble() * components.Count))];
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var value = mean + (sigma * StandardNormal(random));
            if (value >= low && value <= high)
            {
                return value;
            }
        }

        return Math.Clamp(mean, low, high);
    }

    /// <summary>The log density at <paramref name="value"/>.</summary>
    public double LogDensity(double value)
    {
        var density = 0.0;
        foreach (var (mean, sigma) in components)
        {
            var mass = Phi((high - mean) / sigma) - Phi((low - mean) / sigma);
            var z = (value - mean) / sigma;
            density += Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI) * Math.Max(mass, 1e-12));
        }

        return Math.Log(Math.Max(density / components.Count, double.Epsilon));
    }

    /// <summary>Box–Muller from two uniforms.</summary>
    private static double StandardNormal(StableRandom random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
    private static double Phi(double x)
    {
        var t = 1.0 / (1.0 + (0.3275911 * Math.Abs(x) / Math.Sqrt(2)));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1.0 - (poly * Math.Exp(-(x * x) / 2));
        return 0.5 * (1.0 + (x >= 0 ? erf : -erf));
    }
}
