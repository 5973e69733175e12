using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Events;

/// <summary>
/// Records core/v1 Events on FineTuneJobs. Each event's name is derived from the job's uid and the transition's
/// key, so a second attempt at the same transition (another pass, another replica) answers 409 and adds nothing.
/// </summary>
public sealed class EventRecorder(IKubernetes client, OperatorOptions options, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "kubetune-operator";

    private readonly ConcurrentDictionary<string, bool> recorded = new();

    public async Task RecordAsync(FineTuneJob job, IEnumerable<JobEvent> events, CancellationToken cancellationToken)
    {
        foreach (var item in events)
        {
            await RecordAsync(job, item, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RecordAsync(FineTuneJob job, JobEvent item, CancellationToken cancellationToken)
    {
        var name = $"{job.Metadata.Name}.{ContentHash.Of(job.Metadata.Uid ?? string.Empty, item.Key)}";
        if (!recorded.TryAdd(name, true))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = job.Metadata.NamespaceProperty },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = FineTuneJob.GroupVersion,
                Kind = FineTuneJob.KindName,
                Name = job.Metadata.Name,
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Uid = job.Metadata.Uid,
                ResourceVersion = job.Metadata.ResourceVersion,
            },
            Type = item.Type,
            Reason = item.Reason,
            Message = item.Message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = string.IsNullOrEmpty(options.LeaderElection.Identity) ? Environment.MachineName : options.LeaderElection.Identity,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };

        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(body, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already recorded (by an earlier pass or another replica): that is the deduplication working.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Events are best effort: losing one must not fail the reconcile.
            recorded.TryRemove(name, out _);
            logger.LogWarning(e, "Could not record event {Reason} on {Namespace}/{Name}", item.Reason, job.Metadata.NamespaceProperty, job.Metadata.Name);
        }
    }

    /// <summary>Drops what is remembered about a deleted FineTuneJob.</summary>
    public void Forget(string name)
    {
        foreach (var key in recorded.Keys.Where(key => key.StartsWith(name + ".", StringComparison.Ordinal)))
        {
            recorded.TryRemove(key, out _);
        }
    }
}
