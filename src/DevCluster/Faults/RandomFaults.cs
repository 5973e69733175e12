using System.Globalization;

namespace KubeTune.DevCluster.Faults;

/// <summary>
/// A standing fault profile, from the command line's <c>--faults 'rate=0.15,codes=500|429|409,watch-cut=2s-8s'</c>:
/// each API request other than a watch fails with probability <see cref="Rate"/> with one of <see cref="Codes"/>, and
/// each watch is cut after a random time between <see cref="WatchCutMin"/> and <see cref="WatchCutMax"/>.
/// </summary>
public sealed record RandomFaults(double Rate, IReadOnlyList<int> Codes, TimeSpan? WatchCutMin = null, TimeSpan? WatchCutMax = null, int? Seed = null)
{
    public const string Usage = "rate=P,codes=C|C...[,watch-cut=MIN-MAX][,seed=N], for example rate=0.15,codes=500|429|409,watch-cut=2s-8s";

    /// <summary>Parses the text form; a bad one throws <see cref="FormatException"/> naming the part that is wrong.</summary>
    public static RandomFaults Parse(string text)
    {
        double rate = 0;
        IReadOnlyList<int> codes = [500];
        TimeSpan? cutMin = null, cutMax = null;
        int? seed = null;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.IndexOf('=') is var at and > 0 ? (part[..at], part[(at + 1)..]) : throw new FormatException($"--faults: \"{part}\" should be KEY=VALUE; expected {Usage}");
            switch (key)
            {
                case "rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1:
                    rate = parsed;
                    break;
                case "rate":
                    throw new FormatException($"--faults: rate \"{value}\" should be a probability from 0 to 1");
                case "codes":
                    codes = [.. value.Split('|').Select(code => int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 400 and <= 599
                        ? number
                        : throw new FormatException($"--faults: code \"{code}\" should be an HTTP error status from 400 to 599"))];
                    break;
                case "watch-cut":
                    var bounds = value.Split('-');
                    if (bounds.Length != 2)
                    {
                        throw new FormatException($"--faults: watch-cut \"{value}\" should be MIN-MAX, for example 2s-8s");
                    }

                    (cutMin, cutMax) = (Duration(bounds[0]), Duration(bounds[1]));
                    if (cutMax < cutMin)
                    {
                        throw new FormatException($"--faults: watch-cut \"{value}\": the maximum is below the minimum");
                    }

                    break;
                case "seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    seed = number;
                    break;
                default:
                    throw new FormatException($"--faults: unknown or bad setting \"{part}\"; expected {Usage}");
            }
        }

        return new RandomFaults(rate, codes, cutMin, cutMax, seed);
    }

    private static TimeSpan Duration(string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001) : value.EndsWith('s') ? (value[..^1], 1.0) : value.EndsWith('m') ? (value[..^1], 60.0) : (value, double.NaN);
        return !double.IsNaN(unit) && double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0
            ? TimeSpan.FromSeconds(amount * unit)
            : throw new FormatException($"--faults: duration \"{value}\" should be a positive number followed by ms, s or m");
    }
}
