using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Http;

/// <summary>Streams a watch as newline-delimited JSON events until timeoutSeconds, the client leaving, or the server stopping.</summary>
internal sealed class WatchStreamer(ClusterStore store, TableBuilder tables, TimeProvider time, TimeSpan bookmarkInterval, CancellationToken stopping, Faults.FaultInjector? faults = null)
{
    public async Task StreamAsync(HttpContext context, ResourceType type, string? ns, bool asTable)
    {
        var query = context.Request.Query;
        var request = new WatchRequest(query["resourceVersion"])
        {
            Labels = LabelSelector.Parse(query["labelSelector"]),
            Fields = FieldSelector.Parse(query["fieldSelector"]),
            SendInitialEventsBookmark = query["sendInitialEvents"] == "true" && query["allowWatchBookmarks"] == "true",
        };
        using var subscription = store.Watch(type, ns, request);
        using var timeout = TimeoutSource(query["timeoutSeconds"]);
        if (faults?.NextWatchCut() is { } cut)
        {
            // An injected watch cut: the stream ends early, as when a load balancer drops the connection.
            timeout.CancelAfter(cut);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping, timeout.Token);
        var token = linked.Token;
        var bookmarks = query["allowWatchBookmarks"] == "true" ? SendBookmarksAsync(subscription, token) : Task.CompletedTask;

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(token);
        // Clients (client-go's reflector, kubectl wait) block until the headers arrive: send them before the first event.
        await context.Response.Body.FlushAsync(token);
        try
        {
            while (await subscription.Events.WaitToReadAsync(token))
            {
                while (subscription.Events.TryRead(out var change))
                {
                    var line = JsonOutput.Serialize(Render(type, change, asTable)) + "\n";
                    await context.Response.WriteAsync(line, token);
                }

                await context.Response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // timeoutSeconds elapsed, the client left or the server stops: the watch ends normally.
        }

        await linked.CancelAsync();
        await bookmarks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private JsonObject Render(ResourceType type, WatchEvent change, bool asTable)
    {
        if (!asTable || change.Type is WatchEvent.Error or WatchEvent.Bookmark)
        {
            return change.ToJson();
        }

        var table = tables.Build(type, [change.Object], change.ResourceVersion, includeFullObject: false);
        return new JsonObject { ["type"] = change.Type, ["object"] = table };
    }

    private CancellationTokenSource TimeoutSource(string? timeoutSeconds)
    {
        if (int.TryParse(timeoutSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return new CancellationTokenSource(TimeSpan.FromSeconds(seconds), time);
        }

        return new CancellationTokenSource();
    }

    private async Task SendBookmarksAsync(WatchSubscription subscription, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(bookmarkInterval, time, token);
            store.Bookmark(subscription);
        }
    }
}
