namespace KubeTune.DevCluster.Validation;

/// <summary>One invalid field, shaped like the API server's field errors (path, cause type, message).</summary>
/// <param name="Path">The field path, for example <c>spec.hyperparameters.learningRate</c>.</param>
/// <param name="Type">The cause type: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueTypeInvalid, FieldValueForbidden.</param>
/// <param name="Message">What is wrong, as a user reads it.</param>
public sealed record FieldError(string Path, string Type, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
