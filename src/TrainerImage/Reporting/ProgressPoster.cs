using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace KubeTune.Trainer.Reporting;

/// <summary>
/// POSTs reports to the operator on a background task: a one-slot queue keeps only the newest report, posts are at
/// least <c>minInterval</c> apart (the final one skips the wait), each has a short timeout, and failures are only
/// logged, so an endpoint that is down, slow or failing never slows or fails training.
/// </summary>
public sealed class ProgressPoster : IAsyncDisposable
{
    private readonly Channel<string> queue = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource finishing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly HttpClient client;
    private readonly Uri endpoint;
    private readonly string? tokenFile;
    private readonly TimeSpan minInterval;
    private readonly TimeSpan requestTimeout;
    private readonly TimeProvider time;
    private readonly Action<string> warn;
    private readonly Task loop;
    private int posted;
    private int failed;

    public ProgressPoster(
        Uri endpoint,
        string? tokenFile,
        TimeSpan minInterval,
        TimeSpan requestTimeout,
        TimeProvider? time = null,
        Action<string>? warn = null,
        HttpMessageHandler? handler = null)
    {
        this.endpoint = endpoint;
        this.tokenFile = tokenFile;
        this.minInterval = minInterval;
        this.requestTimeout = requestTimeout;
        this.time = time ?? TimeProvider.System;
        this.warn = warn ?? (message => Console.Error.WriteLine($"warning: {message}"));
        client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Reports the endpoint accepted (2xx).</summary>
    public int Posted => Volatile.Read(ref posted);

    /// <summary>Attempts that failed (refused, timed out, non-2xx).</summary>
    public int Failed => Volatile.Read(ref failed);

    /// <summary>Queues a report without waiting; an older report still queued is dropped.</summary>
    public void Offer(string json) => queue.Writer.TryWrite(json);

    /// <summary>Queues the final report and waits until it is sent or <paramref name="deadline"/> passes.</summary>
    public async Task CompleteAsync(string finalJson, TimeSpan deadline)
    {
        queue.Writer.TryWrite(finalJson);
        queue.Writer.TryComplete();
        finishing.TrySetResult();
        var finished = await Task.WhenAny(loop, Task.Delay(deadline, time)).ConfigureAwait(false);
        if (finished != loop)
        {
            warn($"progress: the final report was not delivered to {endpoint} within {deadline.TotalSeconds:0.#} s");
            await stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        finishing.TrySetResult();
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        client.Dispose();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var lastPost = DateTimeOffset.MinValue;
        while (await queue.Reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
        {
            var wait = lastPost == DateTimeOffset.MinValue ? TimeSpan.Zero : lastPost + minInterval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.WhenAny(Task.Delay(wait, time, stopping.Token), finishing.Task).ConfigureAwait(false);
            }

            string? newest = null;
            while (queue.Reader.TryRead(out var report))
            {
                newest = report;
            }

            if (newest is null || stopping.IsCancellationRequested)
            {
                continue;
            }

            lastPost = time.GetUtcNow();
            await PostAsync(newest).ConfigureAwait(false);
        }
    }

    private async Task PostAsync(string json)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(requestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (ReadToken() is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref posted);
                return;
            }

            Interlocked.Increment(ref failed);
            warn($"progress: {endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            Interlocked.Increment(ref failed);
            warn($"progress: POST to {endpoint} failed: {(e is OperationCanceledException ? $"no answer within {requestTimeout.TotalSeconds:0.#} s" : e.Message)}");
        }
    }

    // Read before every POST: the projected token is rotated by the kubelet.
    private string? ReadToken()
    {
        if (tokenFile is null)
        {
            return null;
        }

        try
        {
            var token = File.ReadAllText(tokenFile).Trim();
            return token.Length > 0 ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"progress: cannot read the token file {tokenFile}: {e.Message}");
            return null;
        }
    }
}
