using System.Text.Json;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Status;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>
/// The Serving condition and status.serving from an observed InferenceService (pure): True with InferenceServiceReady
/// when KServe's Ready condition is True; otherwise False with the reason that says why (not installed, not ready yet,
/// failed to load the model, a name taken by another object, an output KServe cannot serve). The phase never changes.
/// </summary>
public static class ServingConditions
{
    /// <summary>How soon to look again while the InferenceService is not ready (KServe is not watched).</summary>
    public static readonly TimeSpan NotReadyRecheck = TimeSpan.FromSeconds(10);

    /// <summary>How soon to look again for KServe's CRD, so installing KServe later is noticed.</summary>
    public static readonly TimeSpan NotInstalledRecheck = TimeSpan.FromMinutes(1);

    /// <summary>Sets the Serving condition and status.serving on <paramref name="status"/>; returns when to look again (null: ready).</summary>
    public static TimeSpan? Apply(FineTuneJobStatus status, ServingObservation observed, long? generation, DateTime now)
    {
        var conditions = status.Conditions ??= new List<V1Condition>();
        var (ready, reason, message, url) = Evaluate(observed);
        ConditionSet.Set(conditions, ConditionTypes.Serving, ready, reason, message, generation, now);
        status.Serving = new ServingStatus
        {
            InferenceService = observed.InferenceService is not null && observed.OwnedByJob ? observed.Name : null,
            Url = url,
            Ready = ready,
        };
        return ready ? null
            : reason is ConditionReasons.KServeNotInstalled ? NotInstalledRecheck
            : reason is ConditionReasons.ServingUnsupported ? null
            : NotReadyRecheck;
    }

    private static (bool Ready, string Reason, string Message, string? Url) Evaluate(ServingObservation observed)
    {
        if (!observed.KServeInstalled)
        {
            return (false, ConditionReasons.KServeNotInstalled,
                $"the cluster has no {InferenceServices.Kind} API ({InferenceServices.GroupVersion}); install KServe to serve the output", null);
        }

        if (observed.Reason is { } reason)
        {
            return (false, reason, observed.Message ?? reason, null);
        }

        if (observed.InferenceService is not { } service)
        {
            return (false, ConditionReasons.InferenceServiceNotReady, $"creating {InferenceServices.Kind} {observed.Name}", null);
        }

        if (!observed.OwnedByJob)
        {
            return (false, ConditionReasons.InferenceServiceConflict,
                $"an {InferenceServices.Kind} named {observed.Name} exists and does not belong to this FineTuneJob; delete or rename it", null);
        }

        var status = service.TryGetProperty("status", out var found) && found.ValueKind == JsonValueKind.Object ? found : (JsonElement?)null;
        var url = status is { } s && s.TryGetProperty("url", out var address) && address.ValueKind == JsonValueKind.String ? address.GetString() : null;
        var readyCondition = status is { } withConditions && withConditions.TryGetProperty("conditions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().FirstOrDefault(condition => Text(condition, "type") == "Ready")
            : default;
        if (readyCondition.ValueKind == JsonValueKind.Object && Text(readyCondition, "status") == ConditionSet.True)
        {
            return (true, ConditionReasons.InferenceServiceReady, $"{InferenceServices.Kind} {observed.Name} is ready" + (url is null ? "" : $" at {url}"), url);
        }

        if (status is { } failed && failed.TryGetProperty("modelStatus", out var model) && model.ValueKind == JsonValueKind.Object
            && model.TryGetProperty("lastFailureInfo", out var failure) && failure.ValueKind == JsonValueKind.Object)
        {
            var detail = Text(failure, "message") ?? Text(failure, "reason") ?? "the model failed to load";
            return (false, ConditionReasons.InferenceServiceFailed, $"{InferenceServices.Kind} {observed.Name}: {detail}", url);
        }

        var why = readyCondition.ValueKind == JsonValueKind.Object ? Text(readyCondition, "message") ?? Text(readyCondition, "reason") : null;
        return (false, ConditionReasons.InferenceServiceNotReady, $"{InferenceServices.Kind} {observed.Name} is not ready yet" + (why is null ? "" : $": {why}"), url);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
