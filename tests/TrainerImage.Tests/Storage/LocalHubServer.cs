using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KubeTune.Trainer.Tests.Storage;

/// <summary>
/// A Hugging Face hub on 127.0.0.1 (HttpListener): /api/models/REPO/revision/REV lists the files as siblings,
/// /REPO/resolve/REV/FILE serves them with Range support. It can demand a bearer token and cut a transfer short.
/// </summary>
public sealed class LocalHubServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, Dictionary<string, byte[]>> repositories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> drops = new(StringComparer.Ordinal);
    private readonly Task loop;

    public LocalHubServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    /// <summary>When set, requests without "Authorization: Bearer TOKEN" get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Every request as "METHOD PATH [Range] [Authorization]".</summary>
    public ConcurrentQueue<(string Path, string? Range, string? Authorization)> Requests { get; } = new();

    /// <summary>Adds a model repository at REPO@REVISION (the key is "REPO@REVISION").</summary>
    public void AddModel(string repository, string revision, Dictionary<string, byte[]> files) => repositories[$"models/{repository}@{revision}"] = files;

    public void AddDataset(string repository, string revision, Dictionary<string, byte[]> files) => repositories[$"datasets/{repository}@{revision}"] = files;

    /// <summary>The next <paramref name="times"/> transfers of the file stop after half its bytes (the connection drops).</summary>
    public void DropTransfer(string fileName, int times = 1) => drops[fileName] = times;

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        Requests.Enqueue((path, request.Headers["Range"], request.Headers["Authorization"]));
        try
        {
            if (RequiredToken is not null && request.Headers["Authorization"] != $"Bearer {RequiredToken}")
            {
                Reply(response, 401, "{\"error\":\"Invalid credentials\"}");
                return;
            }

            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                // /api/{models|datasets}/ORG/NAME/revision/REV
                var parts = path["/api/".Length..].Split("/revision/");
                if (repositories.TryGetValue($"{parts[0]}@{parts[1]}", out var listed))
                {
                    Reply(response, 200, JsonSerializer.Serialize(new { siblings = listed.Keys.Select(name => new { rfilename = name }) }));
                }
                else
                {
                    Reply(response, 404, "{\"error\":\"Repository not found\"}");
                }

                return;
            }

            var kind = path.StartsWith("/datasets/", StringComparison.Ordinal) ? "datasets" : "models";
            var rest = kind == "datasets" ? path["/datasets/".Length..] : path[1..];
            var resolve = rest.Split("/resolve/");
            var revisionAndFile = resolve[1].Split('/', 2);
            if (!repositories.TryGetValue($"{kind}/{resolve[0]}@{revisionAndFile[0]}", out var files) || !files.TryGetValue(revisionAndFile[1], out var content))
            {
                Reply(response, 404, "Entry not found");
                return;
            }

            SendFile(response, revisionAndFile[1], content, request.Headers["Range"]);
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }

    private void SendFile(HttpListenerResponse response, string name, byte[] content, string? range)
    {
        var start = range is null ? 0 : long.Parse(range["bytes=".Length..].TrimEnd('-').Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
        if (start >= content.Length && content.Length > 0)
        {
            response.StatusCode = 416;
            response.Close();
            return;
        }

        response.StatusCode = range is null ? 200 : 206;
        if (range is not null)
        {
            response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        var body = content.AsSpan((int)start).ToArray();
        response.ContentLength64 = body.Length;
        if (drops.TryGetValue(name, out var left) && left > 0)
        {
            drops[name] = left - 1;
            response.OutputStream.Write(body, 0, body.Length / 2);
            response.OutputStream.Flush();
            response.Abort();
            return;
        }

        response.OutputStream.Write(body);
        response.Close();
    }

    private static void Reply(HttpListenerResponse response, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }
}
