using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>Validates custom resources against a CRD's openAPIV3Schema (structural rules and CEL), as the API server does.</summary>
public static class CustomResourceValidation
{
    /// <summary>Applies the schema's defaults to <paramref name="obj"/> in place.</summary>
    public static void ApplyDefaults(JsonObject openApiV3Schema, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(obj);
    }

    /// <summary>Returns every field error; empty when the object is valid. <paramref name="oldObj"/> is set on update (for transition rules).</summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject openApiV3Schema, JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(obj);
        return [];
    }
}
