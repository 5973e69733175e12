using System.Text.Json.Nodes;

namespace KubeTune.Operator.Controllers.Serving;

/// <summary>The InferenceService to create for a job, or why none can serve its output (reason and message for the Serving condition).</summary>
public sealed record InferenceServicePlan(JsonObject? Manifest, string? Reason, string? Message)
{
    public static InferenceServicePlan Of(JsonObject manifest) => new(manifest, null, null);

    public static InferenceServicePlan Unsupported(string reason, string message) => new(null, reason, message);
}
