using System.Text.Json;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>
/// What the operator found for a job's spec.serving: KServe's CRD missing, an output it cannot serve (Reason and
/// Message), an InferenceService of that name owned by something else, or the job's own InferenceService as observed.
/// </summary>
public sealed record ServingObservation(string Name, bool KServeInstalled, JsonElement? InferenceService, bool OwnedByJob, string? Reason = null, string? Message = null)
{
    public static ServingObservation NotInstalled(string name) => new(name, false, null, false);

    public static ServingObservation Unsupported(string name, string reason, string message) => new(name, true, null, false, reason, message);

    public static ServingObservation Observed(string name, JsonElement inferenceService, bool ownedByJob) => new(name, true, inferenceService, ownedByJob);
}
