namespace KubeTune.DevCluster.Faults;

/// <summary>Fail the next <see cref="Remaining"/> requests with this method (null: any) whose path and query contain the text.</summary>
internal sealed class FaultRule(string? method, string pathContains, int statusCode, int times)
{
    public string? Method { get; } = method;

    public string PathContains { get; } = pathContains;

    public int StatusCode { get; } = statusCode;

    public int Remaining { get; set; } = times;

    public bool Matches(string requestMethod, string pathAndQuery) =>
        Remaining > 0
        && (Method is null || string.Equals(Method, requestMethod, StringComparison.OrdinalIgnoreCase))
        && pathAndQuery.Contains(PathContains, StringComparison.Ordinal);
}
