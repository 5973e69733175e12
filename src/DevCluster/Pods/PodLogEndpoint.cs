using System.Globalization;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Pods;

/// <summary>Serves <c>GET .../pods/{name}/log</c> (what <c>kubectl logs</c> reads) from the pod's container.log; honours <c>tailLines</c>.</summary>
public static class PodLogEndpoint
{
    public static async Task WriteAsync(HttpContext context, ClusterStore store, PodRunner pods, string ns, string name)
    {
        store.Get(GroupVersionResource.Pods, ns, name);
        var path = pods.LogPath(ns, name);
        var text = "";
        if (File.Exists(path))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }

        if (int.TryParse(context.Request.Query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail))
        {
            var lines = text.Split('\n');
            var keep = text.EndsWith('\n') ? tail + 1 : tail;
            text = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - keep)));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text, context.RequestAborted);
    }
}
