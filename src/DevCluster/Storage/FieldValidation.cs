namespace KubeTune.DevCluster.Storage;

/// <summary>What the API server does with unknown fields in a request (the <c>fieldValidation</c> query parameter).</summary>
public enum FieldValidation
{
    /// <summary>Drop them silently.</summary>
    Ignore,

    /// <summary>Drop them and answer a <c>Warning</c> header per field (the API server's default).</summary>
    Warn,

    /// <summary>Reject the request with 400 BadRequest naming every unknown field.</summary>
    Strict,
}
