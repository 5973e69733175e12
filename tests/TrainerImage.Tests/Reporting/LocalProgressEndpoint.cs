using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace KubeTune.Trainer.Tests.Reporting;

/// <summary>An HttpListener standing in for the operator's progress endpoint: answers with a chosen status, or never (slow).</summary>
public sealed class LocalProgressEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource closing = new();
    private readonly Task loop;

    public LocalProgressEndpoint(HttpStatusCode status, bool neverAnswer = false)
    {
        Url = new Uri($"http://127.0.0.1:{FreePort()}/v1alpha1/namespaces/ns/finetunejobs/job/progress");
        listener.Prefixes.Add($"http://127.0.0.1:{Url.Port}/");
        listener.Start();
        loop = Task.Run(() => ServeAsync(status, neverAnswer));
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Authorization, string Body)> Received { get; } = new();

    /// <summary>A URL on which nothing listens.</summary>
    public static Uri Down() => new($"http://127.0.0.1:{FreePort()}/progress");

    public void Dispose()
    {
        closing.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }

        closing.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync(HttpStatusCode status, bool neverAnswer)
    {
        while (!closing.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            Received.Enqueue((context.Request.Headers["Authorization"] ?? "", await reader.ReadToEndAsync()));
            if (neverAnswer)
            {
                continue;
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}
