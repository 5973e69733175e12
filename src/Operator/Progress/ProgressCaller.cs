namespace KubeTune.Operator.Progress;

/// <summary>The outcome of authenticating a report: 200 with the caller's pod (and its kubetune.io/trial label for a search trial), or the HTTP status to refuse it with and why.</summary>
public sealed record ProgressCaller(int StatusCode, string Message, string? PodName = null, string? Trial = null)
{
    public bool Allowed => StatusCode == 200;

    public static ProgressCaller Unauthorized(string message) => new(401, message);

    public static ProgressCaller Forbidden(string message) => new(403, message);
}
