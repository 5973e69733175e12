using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Storage;

public sealed partial class ClusterStore
{
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    public WatchSubscription Watch(GroupVersionResource resource, string? ns, WatchRequest request) => Watch(Resolve(resource), ns, request);

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with ADDED for every matching object;
    /// from a resourceVersion it replays later changes, or yields one ERROR event (410 Gone) when they are no longer kept.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, string? ns, WatchRequest request)
    {
        var subscription = new WatchSubscription(type, type.Namespaced ? ns : null, request, Unsubscribe);
        lock (_gate)
        {
            if (string.IsNullOrEmpty(request.ResourceVersion) || request.ResourceVersion == "0")
            {
                foreach (var obj in Bucket(type).Values.Where(subscription.Matches))
                {
                    subscription.Write(WatchEvent.Added, obj, ObjectMetadata.ResourceVersion(obj));
                }

                if (request.SendInitialEventsBookmark)
                {
                    WriteBookmark(subscription, initialEventsEnd: true);
                }
            }
            else if (!long.TryParse(request.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                throw ApiErrors.BadRequest($"invalid resource version \"{request.ResourceVersion}\"");
            }
            else if (from < _history.CompactedThrough)
            {
                subscription.Fail(ApiErrors.Gone($"too old resource version: {from} ({_history.CompactedThrough})"));
                return subscription;
            }
            else
            {
                foreach (var change in _history.After(from))
                {
                    subscription.Offer(change);
                }
            }

            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>How many watches on <paramref name="resource"/> are open (tests wait for a client's watch before changing things).</summary>
    public int OpenWatches(GroupVersionResource resource)
    {
        var storageKey = Resolve(resource).StorageKey;
        lock (_gate)
        {
            return _subscribers.Count(subscription => subscription.Type.StorageKey == storageKey);
        }
    }

    /// <summary>Queues a BOOKMARK carrying the current resourceVersion behind every event already queued.</summary>
    public void Bookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            WriteBookmark(subscription, initialEventsEnd: false);
        }
    }

    private void WriteBookmark(WatchSubscription subscription, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { [InitialEventsEndAnnotation] = "true" };
        }

        var bookmark = new JsonObject
        {
            ["kind"] = subscription.Type.Kind,
            ["apiVersion"] = subscription.Type.ApiVersion,
            ["metadata"] = metadata,
        };
        subscription.Write(WatchEvent.Bookmark, bookmark, _resourceVersion);
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }
}
