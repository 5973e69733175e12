namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>The shapes of a parsed CEL expression.</summary>
internal enum CelNodeKind
{
    /// <summary>A constant in Value.</summary>
    Literal,
    /// <summary>A variable named Name.</summary>
    Identifier,
    /// <summary>Field Name of Args[0].</summary>
    Select,
    /// <summary>Args[0][Args[1]].</summary>
    Index,
    /// <summary>A global function Name(Args...).</summary>
    Call,
    /// <summary>A receiver-style call Args[0].Name(Args[1..]).</summary>
    MethodCall,
    /// <summary>Operator Name applied to Args[0].</summary>
    Unary,
    /// <summary>Operator Name applied to Args[0] and Args[1].</summary>
    Binary,
    /// <summary>Args[0] ? Args[1] : Args[2].</summary>
    Conditional,
    /// <summary>A list of Args.</summary>
    List,
    /// <summary>A map; Args alternate key, value.</summary>
    Map,
}
