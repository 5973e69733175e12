using KubeTune.DevCluster.Discovery;
using KubeTune.DevCluster.Faults;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Http;

/// <summary>Answers every HTTP request: faults first, then discovery, OpenAPI, health and resource URLs.</summary>
internal sealed class ApiServer(ClusterStore store, FaultInjector faults, ResourceHandler resources, Func<string> serverAddress, Pods.PodRunner? podRunner = null)
{
    private readonly DiscoveryDocuments _discovery = new(store.Resources);
    private readonly OpenApiDocuments _openApi = new(store.Resources);

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var fault = faults.Take(context.Request.Method, context.Request.Path + context.Request.QueryString);
            if (fault is not null)
            {
                await HttpJson.WriteStatusAsync(context, fault);
                return;
            }

            await DispatchAsync(context);
        }
        catch (StatusException error)
        {
            if (!context.Response.HasStarted)
            {
                await HttpJson.WriteStatusAsync(context, error);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException or NullReferenceException)
        {
            // A bug or an unexpected body shape: answer like the API server does instead of dropping the connection.
            if (!context.Response.HasStarted)
            {
                await HttpJson.WriteStatusAsync(context, ApiErrors.ForCode(500, $"internal error: {error.GetType().Name}: {error.Message}"));
            }
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var resourcePath = ResourcePath.Parse(segments);
        if (resourcePath is { Group: "", Plural: "pods", Subresource: "log", Namespace: { } podNamespace, Name: { } podName } && podRunner is not null && context.Request.Method == HttpMethods.Get)
        {
            await Pods.PodLogEndpoint.WriteAsync(context, store, podRunner, podNamespace, podName);
            return;
        }

        if (resourcePath is not null)
        {
            await resources.HandleAsync(context, resourcePath);
            return;
        }

        if (context.Request.Method != HttpMethods.Get)
        {
            throw ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource ({path})");
        }

        var document = segments switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["healthz"] or ["livez"] or ["readyz"] => null,
            ["api"] => DiscoveryDocuments.CoreVersions(serverAddress()),
            ["api", var version] => _discovery.Resources("", version),
            ["apis"] => _discovery.Groups(),
            ["apis", var group] => _discovery.Group(group),
            ["apis", var group, var version] => _discovery.Resources(group, version),
            ["openapi", "v3"] => _openApi.Root(),
            ["openapi", "v3", .. var groupVersion] => _openApi.GroupVersion(string.Join('/', groupVersion)),
            _ => null,
        };
        if (segments is ["healthz"] or ["livez"] or ["readyz"])
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted);
            return;
        }

        if (document is null)
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }

        await HttpJson.WriteAsync(context, 200, document);
    }
}
