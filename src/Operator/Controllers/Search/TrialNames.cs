using System.Globalization;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>
/// Names and labels of a search's trials: trial k of job J is the Job J-t&lt;k&gt; with ConfigMap J-t&lt;k&gt;-config; an
/// asha trial promoted to rung r runs as J-t&lt;k&gt;-r&lt;r&gt; with the same output and checkpoints.
/// </summary>
public static class TrialNames
{
    /// <summary>The label on a trial's Job and pods holding its index k, so progress reports can be attributed.</summary>
    public const string TrialLabel = "kubetune.io/trial";

    public static string NameOf(string jobName, int trial) => $"{jobName}-t{trial.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The label on an asha trial's Job holding the rung it trains.</summary>
    public const string RungLabel = "kubetune.io/rung";

    public static string LabelValue(int trial) => trial.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Job of trial k's rung r: J-t&lt;k&gt; for rung 0 (every non-asha trial), J-t&lt;k&gt;-r&lt;r&gt; after a promotion.</summary>
    public static string JobNameOf(string jobName, int trial, int rung) =>
        rung == 0 ? NameOf(jobName, trial) : $"{NameOf(jobName, trial)}-r{rung.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The rung a trial Job trains, from its label; 0 without one.</summary>
    public static int RungOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(RungLabel, out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rung) ? rung : 0;

    /// <summary>The index of trial <paramref name="trialName"/> of <paramref name="jobName"/>, or null when it is not one.</summary>
    public static int? IndexOf(string jobName, string trialName)
    {
        var prefix = jobName + "-t";
        return trialName.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(trialName.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && NameOf(jobName, index) == trialName
                ? index
                : null;
    }

    /// <summary>Whether a Job named <paramref name="candidate"/> can be a trial Job of <paramref name="jobName"/> (J-t&lt;k&gt;, J-t&lt;k&gt;-r&lt;r&gt;); its labels decide.</summary>
    public static bool MayBeTrialOf(string candidate, string jobName) => candidate.StartsWith(jobName + "-t", StringComparison.Ordinal);

    /// <summary>A trial's output: the trials/t&lt;k&gt; directory under the job's output.</summary>
    public static string OutputUri(string jobOutputUri, int trial) => $"{jobOutputUri.TrimEnd('/')}/trials/t{trial.ToString(CultureInfo.InvariantCulture)}";
}
