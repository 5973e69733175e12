using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Http;

/// <summary>Answers authentication.k8s.io/v1 TokenReviews: the cluster's own bearer token authenticates as its admin user.</summary>
internal sealed class TokenReviewer(string adminToken)
{
    public const string AdminUser = "kubetune-dev-admin";

    public JsonObject Review(JsonObject review)
    {
        var token = review["spec"]?["token"]?.ToString() ?? "";
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
            : new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" };
        return result;
    }
}
