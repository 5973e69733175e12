using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>
/// spec.serving for a succeeded job: creates its InferenceService when KServe is installed and none exists, and
/// reports what it observes. An existing InferenceService is left as it is (an owner may tune it), never replaced.
/// </summary>
public sealed class ServingReconciler(InferenceServiceClient kserve, OperatorOptions options, ILogger<ServingReconciler> logger)
{
    public async Task<ServingObservation> ObserveAsync(FineTuneJob job, CancellationToken ct)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        if (!await kserve.IsInstalledAsync(ct).ConfigureAwait(false))
        {
            return ServingObservation.NotInstalled(name);
        }

        var existing = await kserve.GetAsync(ns, name, ct).ConfigureAwait(false);
        if (existing is { } found)
        {
            return ServingObservation.Observed(name, found, IsOwnedBy(found, job));
        }

        var plan = InferenceServiceBuilder.Build(job, options.GpuResourceName);
        if (plan.Manifest is not { } manifest)
        {
            return ServingObservation.Unsupported(name, plan.Reason!, plan.Message!);
        }

        var created = await kserve.CreateAsync(ns, manifest, ct).ConfigureAwait(false);
        logger.LogInformation("Created InferenceService {Namespace}/{Name} for the output of FineTuneJob {Name}", ns, name, name);
        return created is { } service ? ServingObservation.Observed(name, service, IsOwnedBy(service, job)) : ServingObservation.Unsupported(name, ConditionReasons.InferenceServiceNotReady, $"creating {InferenceServices.Kind} {name}");
    }

    private static bool IsOwnedBy(JsonElement service, FineTuneJob job) =>
        service.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("ownerReferences", out var owners)
        && owners.ValueKind == JsonValueKind.Array
        && owners.EnumerateArray().Any(owner => owner.TryGetProperty("uid", out var uid) && uid.GetString() == job.Metadata.Uid
            && owner.TryGetProperty("controller", out var controller) && controller.ValueKind == JsonValueKind.True);
}
