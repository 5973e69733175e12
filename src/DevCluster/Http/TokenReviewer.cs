using System.Text.Json.Nodes;
using KubeTune.DevCluster.Auth;

namespace KubeTune.DevCluster.Http;

/// <summary>
/// Answers authentication.k8s.io/v1 TokenReviews: the cluster's own bearer token authenticates as its admin user;
/// every other token is checked as a service-account token by <see cref="ServiceAccountTokenReviewer"/>.
/// </summary>
internal sealed class TokenReviewer(string adminToken, ServiceAccountTokenReviewer serviceAccounts)
{
    public const string AdminUser = "kubetune-dev-admin";

    public JsonObject Review(JsonObject review)
    {
        var token = review["spec"]?["token"]?.ToString() ?? "";
        var audiences = (review["spec"]?["audiences"] as JsonArray)?.Select(item => item?.ToString() ?? "").ToList() ?? [];
        var result = review.DeepClone().AsObject();
        result["apiVersion"] = "authentication.k8s.io/v1";
        result["kind"] = "TokenReview";
        result["status"] = token == adminToken
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject { ["username"] = AdminUser, ["groups"] = new JsonArray("system:masters", "system:authenticated") },
                ["audiences"] = review["spec"]?["audiences"]?.DeepClone() ?? new JsonArray(),
            }
            : serviceAccounts.ReviewStatus(token, audiences);
        return result;
    }
}
