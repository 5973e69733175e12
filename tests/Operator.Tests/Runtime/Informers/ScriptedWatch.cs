using System.Threading.Channels;
using k8s;
using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

/// <summary>One open watch: where it started and the channel the test writes its events into.</summary>
internal sealed class ScriptedWatch<T>(string? ns, string resourceVersion)
{
    public string? Namespace { get; } = ns;

    public string ResourceVersion { get; } = resourceVersion;

    public Channel<ResourceWatchEvent<T>> Events { get; } = Channel.CreateUnbounded<ResourceWatchEvent<T>>();

    public void Send(WatchEventType type, T item) => Events.Writer.TryWrite(new ResourceWatchEvent<T>(type, item));

    public void Close() => Events.Writer.TryComplete();

    public void Fail(Exception error) => Events.Writer.TryComplete(error);
}
