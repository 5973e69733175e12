using System.Text.Json.Nodes;
using System.Threading.Channels;
using KubeTune.DevCluster.Selection;

namespace KubeTune.DevCluster.Storage;

/// <summary>An open watch: events arrive in resourceVersion order on <see cref="Events"/> until it is disposed.</summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<WatchSubscription> _onDispose;
    private readonly string? _namespace;
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    internal WatchSubscription(ResourceType type, string? ns, WatchRequest request, Action<WatchSubscription> onDispose)
    {
        Type = type;
        _namespace = string.IsNullOrEmpty(ns) ? null : ns;
        _labels = request.Labels;
        _fields = request.Fields.For(type);
        _onDispose = onDispose;
    }

    public ResourceType Type { get; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _onDispose(this);
    }

    internal bool Matches(JsonObject obj) =>
        (_namespace is null || ObjectMetadata.Namespace(obj) == _namespace)
        && _labels.Matches(ObjectMetadata.Labels(obj))
        && _fields.Matches(obj);

    /// <summary>Delivers a change, turning MODIFIED into ADDED/DELETED when the object enters or leaves the selection.</summary>
    internal void Offer(StoredEvent change)
    {
        if (change.StorageKey != Type.StorageKey)
        {
            return;
        }

        var matchesNow = Matches(change.Object);
        var matchedBefore = change.Previous is not null && Matches(change.Previous);
        var type = change.Type switch
        {
            WatchEvent.Modified when matchesNow && !matchedBefore => WatchEvent.Added,
            WatchEvent.Modified when !matchesNow && matchedBefore => WatchEvent.Deleted,
            WatchEvent.Modified when matchesNow => WatchEvent.Modified,
            WatchEvent.Added or WatchEvent.Deleted when matchesNow => change.Type,
            _ => null,
        };
        if (type is not null)
        {
            Write(type, change.Object, change.ResourceVersion);
        }
    }

    internal void Write(string type, JsonObject obj, long resourceVersion)
    {
        var copy = obj.DeepClone().AsObject();
        if (copy.ContainsKey("apiVersion") && type != WatchEvent.Error)
        {
            copy["apiVersion"] = Type.ApiVersion;
        }

        _channel.Writer.TryWrite(new WatchEvent(type, copy, resourceVersion));
    }

    internal void Fail(StatusException error)
    {
        _channel.Writer.TryWrite(new WatchEvent(WatchEvent.Error, error.ToStatus(), 0));
        _channel.Writer.TryComplete();
    }
}
