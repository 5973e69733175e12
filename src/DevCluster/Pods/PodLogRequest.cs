using System.Globalization;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Pods;

/// <summary>PodLogOptions from the query string, checked as the API server checks them.</summary>
public sealed record PodLogRequest(bool Follow, bool Previous, bool Timestamps, int? TailLines, DateTimeOffset? Since)
{
    public static PodLogRequest Parse(IQueryCollection query, DateTimeOffset now)
    {
        var sinceSeconds = query["sinceSeconds"].ToString();
        var sinceTime = query["sinceTime"].ToString();
        if (sinceSeconds.Length > 0 && sinceTime.Length > 0)
        {
            throw ApiErrors.BadRequest("PodLogOptions is invalid: at most one of sinceTime or sinceSeconds may be specified");
        }

        DateTimeOffset? since = null;
        if (sinceSeconds.Length > 0)
        {
            since = long.TryParse(sinceSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? now.AddSeconds(-seconds)
                : throw ApiErrors.BadRequest($"PodLogOptions is invalid: sinceSeconds: Invalid value: \"{sinceSeconds}\": must be greater than 0");
        }
        else if (sinceTime.Length > 0)
        {
            since = DateTimeOffset.TryParse(sinceTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw ApiErrors.BadRequest($"PodLogOptions is invalid: sinceTime: Invalid value: \"{sinceTime}\": must be an RFC 3339 time");
        }

        int? tail = null;
        var tailText = query["tailLines"].ToString();
        if (tailText.Length > 0)
        {
            tail = int.TryParse(tailText, NumberStyles.None, CultureInfo.InvariantCulture, out var lines)
                ? lines
                : throw ApiErrors.BadRequest($"PodLogOptions is invalid: tailLines: Invalid value: \"{tailText}\": must be a non-negative integer");
        }

        return new PodLogRequest(IsTrue(query["follow"]), IsTrue(query["previous"]), IsTrue(query["timestamps"]), tail, since);
    }

    /// <summary>Whether a line is new enough for sinceSeconds/sinceTime; a line with no time always is.</summary>
    public bool Includes(ContainerLogLine line) => Since is null || line.Time is null || line.Time >= Since;

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
