using System.Globalization;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Http;

/// <summary>The verbs on resource URLs: get, list, watch, create, update, patch, delete and deletecollection.</summary>
internal sealed class ResourceHandler(ClusterStore store, TableBuilder tables, WatchStreamer watches, TokenReviewer tokenReviewer, Action<ApiRequest>? onRequest = null)
{
    public async Task HandleAsync(HttpContext context, ResourcePath path)
    {
        onRequest?.Invoke(Describe(context, path));
        var type = store.Resources.Find(path.Group, path.Version, path.Plural)
            ?? throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        if (path.Subresource is not null && !(path.Subresource == ClusterStore.StatusSubresource && type.HasStatus))
        {
            throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({type.GroupResource}/{path.Subresource})");
        }

        var ns = type.Namespaced ? path.Namespace : null;
        if (!type.Namespaced && path.Namespace is not null)
        {
            throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({type.GroupResource} is not namespaced)");
        }

        var method = context.Request.Method;
        var query = context.Request.Query;
        if (!type.Verbs.Contains(VerbOf(method, path, query)))
        {
            throw ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.GroupResource})");
        }

        if (type == BuiltInResources.TokenReviews)
        {
            await HttpJson.WriteAsync(context, 201, tokenReviewer.Review(await HttpJson.ReadObjectAsync(context)));
            return;
        }

        var write = method is "GET" ? null : WriteOptionsParser.Parse(query, context.Request.Headers.UserAgent.ToString());
        if (write is not null)
        {
            context.Response.OnStarting(() =>
            {
                WriteOptionsParser.AddWarningHeaders(context.Response, write);
                return Task.CompletedTask;
            });
        }

        switch (method)
        {
            case "GET" when path.Name is null && (path.LegacyWatch || IsTrue(query["watch"])):
                await watches.StreamAsync(context, type, ns, WantsTable(context));
                break;
            case "GET" when path.Name is null:
                var list = store.List(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
                await WriteObjectsAsync(context, type, list.Items, list.ResourceVersion, asList: true);
                break;
            case "GET":
                var found = store.Get(type, ns, path.Name!);
                await WriteObjectsAsync(context, type, [found], ObjectMetadata.ResourceVersion(found), asList: false);
                break;
            case "POST" when path.Name is null:
                await HttpJson.WriteAsync(context, 201, store.Create(type, ns, await HttpJson.ReadObjectAsync(context), write));
                break;
            case "PUT" when path.Name is not null:
                var body = await HttpJson.ReadObjectAsync(context);
                var bodyName = ObjectMetadata.Name(body);
                if (bodyName.Length > 0 && bodyName != path.Name)
                {
                    throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({path.Name})");
                }

                ObjectMetadata.Of(body)["name"] = path.Name;
                await HttpJson.WriteAsync(context, 200, store.Update(type, ns, body, path.Subresource, write));
                break;
            case "PATCH" when path.Name is not null:
                var patchType = PatchTypeOf(context.Request.ContentType);
                CheckApplyOptions(patchType, query, write!);
                var patch = patchType == PatchType.Apply ? await HttpJson.ReadYamlAsync(context) : await HttpJson.ReadBodyAsync(context);
                await HttpJson.WriteAsync(context, 200, store.Patch(type, ns, path.Name, patchType, patch, path.Subresource, write));
                break;
            case "DELETE" when path.Name is not null:
                var (propagation, uid, dryRun) = await DeleteOptionsAsync(context);
                await HttpJson.WriteAsync(context, 200, store.Delete(type, ns, path.Name, propagation, uid, dryRun ? new WriteOptions { DryRun = true } : write));
                break;
            case "DELETE":
                var (collectionPropagation, _, collectionDryRun) = await DeleteOptionsAsync(context);
                var collectionWrite = collectionDryRun ? new WriteOptions { DryRun = true } : write;
                var doomed = store.List(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
                var deleted = doomed.Items.Select(item => store.Delete(type, ObjectMetadata.Namespace(item), ObjectMetadata.Name(item), collectionPropagation, options: collectionWrite)).ToList();
                await WriteObjectsAsync(context, type, deleted, store.CurrentResourceVersion, asList: true);
                break;
            default:
                throw ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource ({type.GroupResource})");
        }
    }

    private static ApiRequest Describe(HttpContext context, ResourcePath path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new ApiRequest(
            VerbOf(context.Request.Method, path, context.Request.Query), path.Group, path.Plural, path.Subresource, path.Namespace, path.Name,
            token, userAgent.Length == 0 ? null : userAgent);
    }

    internal static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

    private async Task WriteObjectsAsync(HttpContext context, ResourceType type, IReadOnlyList<JsonObject> items, long resourceVersion, bool asList)
    {
        if (WantsTable(context))
        {
            var includeObject = context.Request.Query["includeObject"].ToString() == "Object";
            await HttpJson.WriteAsync(context, 200, tables.Build(type, items, resourceVersion, includeObject));
            return;
        }

        if (!asList)
        {
            await HttpJson.WriteAsync(context, 200, items[0]);
            return;
        }

        await HttpJson.WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        });
    }

    private static string VerbOf(string method, ResourcePath path, IQueryCollection query) => method switch
    {
        "GET" when path.Name is null => path.LegacyWatch || IsTrue(query["watch"]) ? "watch" : "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when path.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static PatchType PatchTypeOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim() ?? "";
        return mediaType switch
        {
            "application/merge-patch+json" => PatchType.Merge,
            "application/json-patch+json" => PatchType.Json,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/apply-patch+yaml" => PatchType.Apply,
            _ => throw ApiErrors.UnsupportedMediaType(mediaType),
        };
    }

    private static void CheckApplyOptions(PatchType patchType, IQueryCollection query, WriteOptions write)
    {
        if (patchType == PatchType.Apply && !WriteOptionsParser.NamesFieldManager(query))
        {
            throw new StatusException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        if (patchType != PatchType.Apply && write.Force)
        {
            throw new StatusException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
        }
    }

    // DeleteOptions come from the query string or the JSON body (kubectl and client libraries use the body).
    private static async Task<(PropagationPolicy Policy, string? Uid, bool DryRun)> DeleteOptionsAsync(HttpContext context)
    {
        string? policy = context.Request.Query["propagationPolicy"];
        string? uid = null;
        var dryRun = false;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var options = await HttpJson.ReadBodyAsync(context) as JsonObject;
            policy = options?["propagationPolicy"]?.ToString() ?? policy;
            uid = options?["preconditions"]?["uid"]?.ToString();
            dryRun = options?["dryRun"] is JsonArray modes && modes.Any(mode => mode?.ToString() == "All");
            if (policy is null && options?["orphanDependents"]?.ToString() == "true")
            {
                policy = nameof(PropagationPolicy.Orphan);
            }
        }

        return policy switch
        {
            null or "" or "Background" => (PropagationPolicy.Background, uid, dryRun),
            "Foreground" => (PropagationPolicy.Foreground, uid, dryRun),
            "Orphan" => (PropagationPolicy.Orphan, uid, dryRun),
            _ => throw ApiErrors.BadRequest($"unknown propagationPolicy \"{policy}\": must be Background, Foreground or Orphan"),
        };
    }
}
