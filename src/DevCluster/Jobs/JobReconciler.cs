using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Jobs;

/// <summary>
/// One pass of the batch/v1 Job controller over one Job: count its pods (podFailurePolicy applied), decide whether it
/// failed, completed or is suspended, create or delete pods, and write the status when it changed.
/// </summary>
internal sealed class JobReconciler(ClusterStore store, WorkloadOptions options, TimeProvider time)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    // Per Job uid: how many counted failures were last seen, and when the count last grew (the backoff starts there).
    private readonly Dictionary<string, (long Failed, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    public void Forget(string jobUid) => _failures.Remove(jobUid);

    /// <summary>Reconciles the Job; returns when it should be looked at again even if nothing changes, or null.</summary>
    public TimeSpan? Reconcile(string ns, string name)
    {
        var job = store.TryGet(GroupVersionResource.Jobs, ns, name);
        if (job is null || ObjectMetadata.IsDeleting(job))
        {
            return null;
        }

        var uid = ObjectMetadata.Uid(job);
        var spec = job["spec"] as JsonObject ?? [];
        var status = job["status"]?.DeepClone() as JsonObject ?? [];
        var original = status.DeepClone().AsObject();
        var now = time.GetUtcNow();
        var nowText = ObjectMetadata.FormatTime(now);
        var pods = OwnedPods(ns, uid);
        var active = pods.Where(IsActive).ToList();
        TimeSpan? requeue = null;

        if (JobConditions.IsTrue(status, JobConditions.Complete) || JobConditions.IsTrue(status, JobConditions.Failed))
        {
            DeletePods(ns, active);
            WriteCounts(status, pods, [], null, null);
            Write(ns, name, original, status);
            return null;
        }

        long failed = 0;
        PodFailureVerdict? failJob = null;
        foreach (var pod in pods.Where(pod => Phase(pod) == "Failed").OrderBy(pod => ObjectMetadata.String(pod, "creationTimestamp"), StringComparer.Ordinal))
        {
            var verdict = PodFailurePolicy.Evaluate(job, pod);
            if (verdict.Action == PodFailureAction.Ignore)
            {
                continue;
            }

            failed++;
            if (verdict.Action == PodFailureAction.FailJob)
            {
                failJob ??= verdict;
            }
        }

        long succeeded = pods.Count(pod => Phase(pod) == "Succeeded");
        var completions = JsonNumbers.Long(spec["completions"]) ?? 1;
        var parallelism = JsonNumbers.Long(spec["parallelism"]) ?? 1;
        var suspended = spec["suspend"] is JsonValue suspend && suspend.TryGetValue<bool>(out var isSuspended) && isSuspended;
        var failure = failJob is not null ? ("PodFailurePolicy", failJob.Message!)
            : failed > (JsonNumbers.Long(spec["backoffLimit"]) ?? 6) ? ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
            : !suspended && DeadlineLeft(spec, status, now) <= TimeSpan.Zero ? ("DeadlineExceeded", "Job was active longer than specified deadline")
            : ((string Reason, string Message)?)null;

        if (failure is var (reason, message))
        {
            // Pods killed because the Job failed count as failed, as in Kubernetes.
            failed += DeletePods(ns, active);
            active = [];
            JobConditions.Set(status, JobConditions.FailureTarget, true, reason, message, nowText);
            JobConditions.Set(status, JobConditions.Failed, true, reason, message, nowText);
        }
        else if (succeeded >= completions)
        {
            DeletePods(ns, active);
            active = [];
            JobConditions.Set(status, JobConditions.SuccessCriteriaMet, true, "CompletionsReached", "Reached expected number of succeeded pods", nowText);
            JobConditions.Set(status, JobConditions.Complete, true, "CompletionsReached", "Reached expected number of succeeded pods", nowText);
            status["completionTime"] = nowText;
        }
        else if (suspended)
        {
            DeletePods(ns, active);
            active = [];
            JobConditions.Set(status, JobConditions.Suspended, true, "JobSuspended", "Job suspended", nowText);
        }
        else
        {
            // Resuming restarts the clock of activeDeadlineSeconds, as Kubernetes does.
            if ((JobConditions.Find(status, JobConditions.Suspended) is not null
                    && JobConditions.Set(status, JobConditions.Suspended, false, "JobResumed", "Job resumed", nowText))
                || status["startTime"] is null)
            {
                status["startTime"] = nowText;
            }

            var wanted = Math.Max(0, Math.Min(parallelism, completions - succeeded));
            if (active.Count < wanted)
            {
                var wait = BackoffLeft(uid, failed, now);
                if (wait <= TimeSpan.Zero)
                {
                    for (var i = active.Count; i < wanted; i++)
                    {
                        active.Add(store.Create(GroupVersionResource.Pods, ns, JobPodTemplate.Build(job)));
                    }
                }
                else
                {
                    requeue = wait;
                }
            }
            else if (active.Count > wanted)
            {
                DeletePods(ns, active.Skip((int)wanted).ToList());
                active = active.Take((int)wanted).ToList();
            }

            if (DeadlineLeft(spec, status, now) is { } left)
            {
                requeue = requeue is { } sooner && sooner < left ? sooner : left;
            }
        }

        WriteCounts(status, pods, active, succeeded, failed);
        Write(ns, name, original, status);
        return requeue;
    }

    private List<JsonObject> OwnedPods(string ns, string uid) =>
        [.. store.List(GroupVersionResource.Pods, ns, LabelSelector.Parse($"{JobLabels.ControllerUid}={uid}")).Items
            .Where(pod => JobPodTemplate.IsControlledBy(pod, uid))];

    private static string? Phase(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>();

    private static bool IsActive(JsonObject pod) => Phase(pod) is not ("Succeeded" or "Failed") && !ObjectMetadata.IsDeleting(pod);

    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(condition => condition["type"]?.GetValue<string>() == "Ready" && condition["status"]?.GetValue<string>() == "True");

    private static TimeSpan? DeadlineLeft(JsonObject spec, JsonObject status, DateTimeOffset now)
    {
        if (JsonNumbers.Long(spec["activeDeadlineSeconds"]) is not { } seconds
            || status["startTime"]?.GetValue<string>() is not { } startText
            || !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            return null;
        }

        return start + TimeSpan.FromSeconds(seconds) - now;
    }

    // Kubernetes waits 10s, 20s, 40s... before replacing a failed pod; the base here is configurable (0 in tests).
    private TimeSpan BackoffLeft(string uid, long failed, DateTimeOffset now)
    {
        if (failed == 0 || options.PodFailureBackoff <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (!_failures.TryGetValue(uid, out var seen) || seen.Failed < failed)
        {
            seen = (failed, now);
            _failures[uid] = seen;
        }

        var delay = options.PodFailureBackoff * Math.Pow(2, Math.Min(failed - 1, 20));
        return seen.Since + (delay < MaxBackoff ? delay : MaxBackoff) - now;
    }

    private int DeletePods(string ns, IReadOnlyList<JsonObject> pods)
    {
        var deleted = 0;
        foreach (var pod in pods)
        {
            try
            {
                store.Delete(GroupVersionResource.Pods, ns, ObjectMetadata.Name(pod), PropagationPolicy.Background, ObjectMetadata.Uid(pod));
                deleted++;
            }
            catch (StatusException error) when (error.Code is 404 or 409)
            {
                // Already gone, or replaced by another pod of that name.
            }
        }

        return deleted;
    }

    // Counts follow the API's JSON: active, succeeded and failed are left out when zero; ready and terminating are not.
    private static void WriteCounts(JsonObject status, IReadOnlyList<JsonObject> pods, IReadOnlyList<JsonObject> active, long? succeeded, long? failed)
    {
        SetCount(status, "active", active.Count);
        status["ready"] = active.Count(IsReady);
        status["terminating"] = pods.Count(ObjectMetadata.IsDeleting);
        if (succeeded is { } succeededCount)
        {
            SetCount(status, "succeeded", succeededCount);
        }

        if (failed is { } failedCount)
        {
            SetCount(status, "failed", failedCount);
        }

        status["uncountedTerminatedPods"] ??= new JsonObject();
    }

    private static void SetCount(JsonObject status, string field, long count)
    {
        if (count == 0)
        {
            status.Remove(field);
        }
        else
        {
            status[field] = count;
        }
    }

    private void Write(string ns, string name, JsonObject original, JsonObject status)
    {
        if (JsonNode.DeepEquals(original, status))
        {
            return;
        }

        var update = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["status"] = status,
        };
        store.Update(GroupVersionResource.Jobs, ns, update, ClusterStore.StatusSubresource);
    }
}
