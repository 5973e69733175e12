using System.Globalization;

namespace KubeTune.Operator.Controllers.Search;

/// <summary>Names and labels of a search's trials: trial k of job J is the Job J-t&lt;k&gt; with ConfigMap J-t&lt;k&gt;-config.</summary>
public static class TrialNames
{
    /// <summary>The label on a trial's Job and pods holding its index k, so progress reports can be attributed.</summary>
    public const string TrialLabel = "kubetune.io/trial";

    public static string NameOf(string jobName, int trial) => $"{jobName}-t{trial.ToString(CultureInfo.InvariantCulture)}";

    public static string LabelValue(int trial) => trial.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>A trial's output: the trials/t&lt;k&gt; directory under the job's output.</summary>
    public static string OutputUri(string jobOutputUri, int trial) => $"{jobOutputUri.TrimEnd('/')}/trials/t{trial.ToString(CultureInfo.InvariantCulture)}";
}
