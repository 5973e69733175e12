using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KubeTune.Operator.Runtime.Informers;

/// <summary>
/// List and watch over one KubernetesClient list operation (a namespaced and an all-namespaces form),
/// called with watch=false to list and watch=true to stream events.
/// </summary>
public sealed class KubernetesResourceClient<T, TList>(
    string resource,
    Func<ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> list) : IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IMetadata<V1ListMeta>, IItems<T>
{
    public string Resource => resource;

    public async Task<ResourceList<T>> ListAsync(string? ns, CancellationToken cancellationToken)
    {
        using var response = await list(new ListRequest(ns, null, false, null), cancellationToken).ConfigureAwait(false);
        var body = response.Body;
        var items = body.Items?.ToList() ?? [];
        return new ResourceList<T>(items, body.Metadata?.ResourceVersion ?? string.Empty);
    }

    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(
        string? ns,
        string resourceVersion,
        TimeSpan serverTimeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        V1Status? serverError = null;
        Exception? streamError = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnError(Exception e)
        {
            // The client reports an ERROR event (e.g. 410 Gone) and undecodable lines here; both end this watch.
            if (e is KubernetesException { Status: { } status })
            {
                serverError = status;
            }
            else
            {
                streamError = e;
            }

            stop.Cancel();
        }

        var request = new ListRequest(ns, resourceVersion, true, (int)Math.Max(1, serverTimeout.TotalSeconds));
        var response = list(request, stop.Token);
#pragma warning disable CS0618 // The only client API that streams typed events from an arbitrary list call.
        var events = response.WatchAsync<T, TList>(OnError, stop.Token);
#pragma warning restore CS0618
        var enumerator = events.GetAsyncEnumerator(stop.Token);
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (serverError ?? (object?)streamError) is not null)
                {
                    moved = false;
                }
                catch (EndOfStreamException)
                {
                    // The server closed the watch before sending a single event.
                    moved = false;
                }

                if (!moved)
                {
                    break;
                }

                var (type, item) = enumerator.Current;
                yield return new ResourceWatchEvent<T>(type, item);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            DisposeResponse(response);
        }

        if (serverError is not null)
        {
            yield return ResourceWatchEvent<T>.Failed(serverError);
        }
        else if (streamError is not null)
        {
            throw new InvalidOperationException($"watch of {resource} failed: {streamError.Message}", streamError);
        }
    }

    private static void DisposeResponse(Task<HttpOperationResponse<TList>> response)
    {
        if (response.IsCompletedSuccessfully)
        {
            response.Result.Dispose();
        }
        else
        {
            // Observe a faulted request so it never surfaces as an unobserved task exception.
            _ = response.Exception;
        }
    }
}
