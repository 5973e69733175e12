namespace KubeTune.Contracts;

/// <summary>
/// The range a numeric spec field must lie in, written once: the trainer's and the operator's validation read it, and
/// the CRD agreement test checks the schema's minimum/maximum/exclusive flags against it. Infinity means no bound.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BoundsAttribute : Attribute
{
    public BoundsAttribute(double minimum, double maximum = double.PositiveInfinity)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public double Minimum { get; }

    public double Maximum { get; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    /// <summary>Null when <paramref name="value"/> lies in range, else what is wrong ("must be greater than 0, got 0").</summary>
    public string? Problem(double value)
    {
        var belowMin = ExclusiveMinimum ? value <= Minimum : value < Minimum;
        var aboveMax = ExclusiveMaximum ? value >= Maximum : value > Maximum;
        if (!belowMin && !aboveMax && !double.IsNaN(value))
        {
            return null;
        }

        var parts = new List<string>(2);
        if (!double.IsNegativeInfinity(Minimum))
        {
            parts.Add($"{(ExclusiveMinimum ? "greater than" : "at least")} {Format(Minimum)}");
        }

        if (!double.IsPositiveInfinity(Maximum))
        {
            parts.Add($"{(ExclusiveMaximum ? "less than" : "at most")} {Format(Maximum)}");
        }

        return $"must be {string.Join(" and ", parts)}, got {Format(value)}";
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
