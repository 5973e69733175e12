using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Hosting;
using KubeTune.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Events;

/// <summary>
/// Records core/v1 Events on FineTuneJobs. Each event's name is derived from the job's uid and the transition's
/// key, so a second attempt at the same transition (another pass, another replica) answers 409 and adds nothing.
/// What this replica recorded is remembered per job, so that a deleted job is forgotten in one step.
/// </summary>
public sealed class EventRecorder(IKubernetes client, OperatorOptions options, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "kubetune-operator";

    private readonly ConcurrentDictionary<ObjectKey, string[]> recorded = new();

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
        var key = new ObjectKey(job.Metadata.NamespaceProperty ?? string.Empty, job.Metadata.Name);
        if (!Remember(key, name))
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
            Unremember(key, name);
            logger.LogWarning(e, "Could not record event {Reason} on {Namespace}/{Name}", item.Reason, job.Metadata.NamespaceProperty, job.Metadata.Name);
        }
    }

    /// <summary>Drops what is remembered about a deleted FineTuneJob.</summary>
    public void Forget(string ns, string name) => recorded.TryRemove(new ObjectKey(ns, name), out _);

    /// <summary>Whether the event is new for this replica; it is remembered from here on.</summary>
    private bool Remember(ObjectKey job, string eventName)
    {
        while (true)
        {
            if (!recorded.TryGetValue(job, out var names))
            {
                if (recorded.TryAdd(job, [eventName]))
                {
                    return true;
                }

                continue;
            }

            if (Array.IndexOf(names, eventName) >= 0)
            {
                return false;
            }

            if (recorded.TryUpdate(job, [.. names, eventName], names))
            {
                return true;
            }
        }
    }

    private void Unremember(ObjectKey job, string eventName)
    {
        while (recorded.TryGetValue(job, out var names) && Array.IndexOf(names, eventName) >= 0)
        {
            string[] rest = [.. names.Where(name => name != eventName)];
            if (rest.Length == 0 ? recorded.TryRemove(new KeyValuePair<ObjectKey, string[]>(job, names)) : recorded.TryUpdate(job, rest, names))
            {
                return;
            }
        }
    }
}
