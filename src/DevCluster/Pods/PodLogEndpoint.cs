using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Pods;

/// <summary>
/// Serves <c>GET .../pods/{name}/log</c> (what <c>kubectl logs</c> reads) from the pod's container log, with
/// <c>follow</c> (until the container ends), <c>previous</c>, <c>tailLines</c>, <c>sinceSeconds</c>/<c>sinceTime</c> and <c>timestamps</c>.
/// </summary>
public static class PodLogEndpoint
{
    /// <summary>How often a followed log is read again for new lines.</summary>
    public static readonly TimeSpan FollowPollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task WriteAsync(HttpContext context, ClusterStore store, PodRunner pods, string ns, string name)
    {
        var pod = store.Get(GroupVersionResource.Pods, ns, name);
        var request = PodLogRequest.Parse(context.Request.Query, pods.Time.GetUtcNow());
        var cursor = new ContainerLogCursor(pods.LogPath(ns, name));
        var runs = ContainerRuns.Split(cursor.ReadNew());
        var terminated = IsTerminated(pod);
        IReadOnlyList<ContainerLogLine> lines;
        var follow = false;
        if (request.Previous)
        {
            lines = runs.Previous(terminated) ?? throw ApiErrors.BadRequest($"previous terminated container \"{ContainerName(pod)}\" in pod \"{name}\" not found");
        }
        else
        {
            lines = runs.Current(terminated);
            follow = request.Follow && !runs.CurrentHasEnded(terminated);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var selected = lines.Where(request.Includes).ToList();
        if (request.TailLines is { } tail)
        {
            selected = selected.Skip(Math.Max(0, selected.Count - tail)).ToList();
        }

        await WriteLinesAsync(context, request, selected);
        if (!follow)
        {
            return;
        }

        await context.Response.Body.FlushAsync(context.RequestAborted);
        await FollowAsync(context, store, pods, cursor, request, ns, name);
    }

    // Streams new lines until the container's run ends (its terminated line), the pod ends or goes, or the client leaves.
    private static async Task FollowAsync(HttpContext context, ClusterStore store, PodRunner pods, ContainerLogCursor cursor, PodLogRequest request, string ns, string name)
    {
        try
        {
            while (true)
            {
                await Task.Delay(FollowPollInterval, pods.Time, context.RequestAborted);
                var pod = store.TryGet(GroupVersionResource.Pods, ns, name);
                var fresh = cursor.ReadNew();
                var end = fresh.TakeWhile(line => !ContainerLogFile.IsTerminatedMarker(line.Text)).Count();
                var ended = end < fresh.Count;
                await WriteLinesAsync(context, request, fresh.Take(ended ? end + 1 : end).Where(request.Includes).ToList());
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (ended || pod is null || (fresh.Count == 0 && pod["status"]?["phase"]?.ToString() is "Succeeded" or "Failed"))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // kubectl logs -f interrupted: nothing more to send.
        }
    }

    private static async Task WriteLinesAsync(HttpContext context, PodLogRequest request, IReadOnlyList<ContainerLogLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var text = string.Concat(lines.Select(line => request.Timestamps
            ? $"{ContainerLogFile.FormatTime(line.Time ?? DateTimeOffset.UnixEpoch)} {line.Text}\n"
            : line.Text + "\n"));
        await context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static JsonObject? Trainer(JsonObject pod) => pod["status"]?["containerStatuses"]?.AsArray().FirstOrDefault() as JsonObject;

    private static bool IsTerminated(JsonObject pod) => Trainer(pod)?["state"]?["terminated"] is not null;

    private static string ContainerName(JsonObject pod) =>
        Trainer(pod)?["name"]?.ToString() ?? pod["spec"]?["containers"]?[0]?["name"]?.ToString() ?? "";
}
