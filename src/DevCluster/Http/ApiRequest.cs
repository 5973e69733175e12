namespace KubeTune.DevCluster.Http;

/// <summary>
/// One request on a resource URL as RBAC sees it: the verb (get, list, watch, create, update, patch, delete,
/// deletecollection), the API group, the resource and subresource, and who asked (the bearer token and User-Agent).
/// </summary>
public sealed record ApiRequest(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name, string? BearerToken, string? UserAgent)
{
    /// <summary>The resource as an RBAC rule names it: <c>jobs</c>, <c>finetunejobs/status</c>.</summary>
    public string RbacResource => Subresource is null ? Resource : $"{Resource}/{Subresource}";
}
