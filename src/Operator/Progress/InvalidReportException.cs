namespace KubeTune.Operator.Progress;

/// <summary>A report body that is not a valid report; <see cref="Field"/> names the offending JSON path.</summary>
public sealed class InvalidReportException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;

    public string Problem { get; } = message;
}
