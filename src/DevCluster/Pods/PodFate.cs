using System.Globalization;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// A scripted outcome for a pod's container, written as text: <c>exit:N</c>, <c>oom</c>, <c>evict</c>, <c>preempt</c>,
/// <c>image-pull-error</c> or <c>run</c>, optionally followed by <c>after:DURATION</c> (<c>500ms</c>, <c>2s</c>, <c>1m</c>):
/// how long the container runs first.
/// </summary>
public sealed record PodFate(PodFateKind Kind, int ExitCode, TimeSpan After)
{
    public static PodFate Exit(int exitCode, TimeSpan after = default) => new(PodFateKind.Exit, exitCode, after);

    public static PodFate OomKilled(TimeSpan after = default) => new(PodFateKind.OomKilled, 137, after);

    public static PodFate Evicted(TimeSpan after = default) => new(PodFateKind.Evicted, 137, after);

    public static PodFate Preempted(TimeSpan after = default) => new(PodFateKind.Preempted, 137, after);

    public static PodFate ImagePullError { get; } = new(PodFateKind.ImagePullError, 0, TimeSpan.Zero);

    public static PodFate RunUntilDeleted { get; } = new(PodFateKind.Run, 0, TimeSpan.Zero);

    /// <summary>Parses the text form; a bad one throws <see cref="FormatException"/> naming the part that is wrong.</summary>
    public static PodFate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > 2)
        {
            throw new FormatException($"pod fate \"{text}\": expected one of exit:N, oom, evict, preempt, image-pull-error, run, optionally followed by after:DURATION");
        }

        var after = TimeSpan.Zero;
        if (parts.Length == 2)
        {
            if (!parts[1].StartsWith("after:", StringComparison.Ordinal))
            {
                throw new FormatException($"pod fate \"{text}\": \"{parts[1]}\" should be after:DURATION (for example after:2s)");
            }

            after = ParseDuration(text, parts[1]["after:".Length..]);
        }

        var fate = parts[0] switch
        {
            "oom" => OomKilled(after),
            "evict" => Evicted(after),
            "preempt" => Preempted(after),
            "image-pull-error" => ImagePullError,
            "run" => RunUntilDeleted,
            var exit when exit.StartsWith("exit:", StringComparison.Ordinal) => Exit(ParseExitCode(text, exit["exit:".Length..]), after),
            _ => throw new FormatException($"pod fate \"{text}\": unknown fate \"{parts[0]}\"; expected exit:N, oom, evict, preempt, image-pull-error or run"),
        };
        if (parts.Length == 2 && fate.Kind is PodFateKind.ImagePullError or PodFateKind.Run)
        {
            throw new FormatException($"pod fate \"{text}\": after: does not apply to {parts[0]}");
        }

        return fate;
    }

    public override string ToString()
    {
        var name = Kind switch
        {
            PodFateKind.Exit => $"exit:{ExitCode.ToString(CultureInfo.InvariantCulture)}",
            PodFateKind.OomKilled => "oom",
            PodFateKind.Evicted => "evict",
            PodFateKind.Preempted => "preempt",
            PodFateKind.ImagePullError => "image-pull-error",
            _ => "run",
        };
        return After > TimeSpan.Zero ? $"{name} after:{After.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms" : name;
    }

    private static int ParseExitCode(string text, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255
            ? code
            : throw new FormatException($"pod fate \"{text}\": exit code \"{value}\" should be a whole number from 0 to 255");

    private static TimeSpan ParseDuration(string text, string value)
    {
        var (number, unit) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, double.NaN);
        if (double.IsNaN(unit) || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"pod fate \"{text}\": duration \"{value}\" should be a number followed by ms, s or m (for example 2s)");
        }

        return TimeSpan.FromSeconds(amount * unit);
    }
}
