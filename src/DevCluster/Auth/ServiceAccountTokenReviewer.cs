using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Auth;

/// <summary>
/// The status of an authentication.k8s.io/v1 TokenReview of a service-account token, as Kubernetes answers it:
/// authenticated with user (username, uid, groups, extra pod-name/pod-uid/credential-id) and audiences, or
/// unauthenticated with an error. A token bound to a pod is valid only while that pod (same uid) exists.
/// </summary>
public sealed class ServiceAccountTokenReviewer(ServiceAccountTokenIssuer issuer, ClusterStore store)
{
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";
    public const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";

    public JsonObject ReviewStatus(string token, IReadOnlyList<string> audiences)
    {
        var check = issuer.Check(token, audiences);
        if (!check.Authenticated)
        {
            return Unauthenticated(check.Error!);
        }

        var claims = check.Claims!;
        if (claims.PodName is not null && BoundPodProblem(claims) is { } problem)
        {
            return Unauthenticated(problem);
        }

        var extra = new JsonObject { [CredentialIdExtra] = new JsonArray("JTI=" + claims.Id) };
        if (claims.PodName is not null)
        {
            extra[PodNameExtra] = new JsonArray(claims.PodName);
            extra[PodUidExtra] = new JsonArray(claims.PodUid ?? string.Empty);
        }

        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = new JsonObject
            {
                ["username"] = claims.UserName,
                ["uid"] = claims.ServiceAccountUid,
                ["groups"] = new JsonArray("system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"),
                ["extra"] = extra,
            },
            ["audiences"] = new JsonArray([.. check.Audiences.Select(audience => (JsonNode)audience)]),
        };
    }

    private string? BoundPodProblem(ServiceAccountTokenClaims claims)
    {
        var pod = store.TryGet(GroupVersionResource.Pods, claims.Namespace, claims.PodName!);
        if (pod is null)
        {
            return $"invalid bearer token, pods \"{claims.PodName}\" not found";
        }

        var uid = ObjectMetadata.Uid(pod);
        if (!string.IsNullOrEmpty(claims.PodUid) && uid != claims.PodUid)
        {
            return $"invalid bearer token, the UID in the bound object reference ({claims.PodUid}) does not match the UID in record ({uid}). The object might have been deleted and then recreated";
        }

        // Like Kubernetes, a pod in its termination grace period still authenticates (its final report comes then).
        return null;
    }

    private static JsonObject Unauthenticated(string error) => new()
    {
        ["authenticated"] = false,
        ["user"] = new JsonObject(),
        ["error"] = error,
    };
}
