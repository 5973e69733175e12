namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>A CEL expression that does not parse, or fails while it is evaluated (no such key, no such overload, overflow...).</summary>
public sealed class CelException(string message) : Exception(message);
