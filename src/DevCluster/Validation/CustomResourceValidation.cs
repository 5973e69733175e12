using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Validation;

/// <summary>
/// Validates custom resources against a CRD's openAPIV3Schema (structural rules and CEL), as the API server does.
/// Order on create and update: <see cref="ApplyDefaults"/> (prunes, then defaults), then <see cref="Validate"/>.
/// </summary>
public static class CustomResourceValidation
{
    /// <summary>
    /// Removes unknown fields (and nulls in non-nullable fields) in place, as the API server does by default, and returns the
    /// paths of the unknown fields, so a caller can reject them instead (fieldValidation=Strict). apiVersion, kind and
    /// metadata at the root are kept.
    /// </summary>
    public static IReadOnlyList<string> Prune(JsonObject openApiV3Schema, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(obj);
        return SchemaPruner.Prune(new SchemaNode(openApiV3Schema), obj);
    }

    /// <summary>Prunes <paramref name="obj"/> (see <see cref="Prune"/>), then applies the schema's defaults to it, in place.</summary>
    public static void ApplyDefaults(JsonObject openApiV3Schema, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(obj);
        var schema = new SchemaNode(openApiV3Schema);
        SchemaPruner.Prune(schema, obj);
        SchemaDefaulter.Apply(schema, obj);
    }

    /// <summary>
    /// Returns every field error; empty when the object is valid. <paramref name="oldObj"/> is set on update (for transition
    /// rules, which reference oldSelf and run on update only). Unknown fields are not reported: they are pruned beforehand.
    /// CEL rules are skipped on nodes that contain a structural error, as their input would be ill-typed.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject openApiV3Schema, JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(obj);
        var schema = new SchemaNode(openApiV3Schema);
        var structural = new List<FieldError>();
        StructuralValidator.ValidateRoot(schema, obj, structural);
        var errors = new List<FieldError>(structural);
        ValidationRuleEvaluator.ValidateRoot(schema, obj, oldObj, structural, errors);
        return errors;
    }
}
