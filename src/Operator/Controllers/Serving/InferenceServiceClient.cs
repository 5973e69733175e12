using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>
/// The operator's calls to KServe: whether the cluster serves the InferenceService API (discovery, which every
/// authenticated client may read), and get and create of InferenceServices (RBAC: serving.kserve.io inferenceservices get create).
/// </summary>
public sealed class InferenceServiceClient(IKubernetes client)
{
    public async Task<bool> IsInstalledAsync(CancellationToken ct)
    {
        var groups = await client.Apis.GetAPIVersionsAsync(ct).ConfigureAwait(false);
        return groups.Groups?.Any(group => group.Name == InferenceServices.Group
            && (group.Versions?.Any(version => version.Version == InferenceServices.Version) ?? false)) ?? false;
    }

    /// <summary>The InferenceService, or null when there is none of that name.</summary>
    public async Task<JsonElement?> GetAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            var found = await client.CustomObjects.GetNamespacedCustomObjectAsync(
                InferenceServices.Group, InferenceServices.Version, ns, InferenceServices.Plural, name, ct).ConfigureAwait(false);
            return ToElement(found);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates it; when one appeared meanwhile (409) returns that one instead.</summary>
    public async Task<JsonElement?> CreateAsync(string ns, JsonObject manifest, CancellationToken ct)
    {
        try
        {
            var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                manifest, InferenceServices.Group, InferenceServices.Version, ns, InferenceServices.Plural, cancellationToken: ct).ConfigureAwait(false);
            return ToElement(created);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await GetAsync(ns, manifest["metadata"]!["name"]!.GetValue<string>(), ct).ConfigureAwait(false);
        }
    }

    private static JsonElement? ToElement(object? value) => value switch
    {
        JsonElement element => element,
        null => null,
        var other => throw new InvalidOperationException($"the client returned an InferenceService as {other.GetType().Name}, not JSON"),
    };
}
