using System.Collections.Concurrent;

namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>A parsed CEL expression, ready to evaluate. Values are null, bool, long, double, string, lists and string-keyed maps.</summary>
public sealed class CelProgram
{
    private static readonly ConcurrentDictionary<string, CelProgram> Cache = new(StringComparer.Ordinal);

    private readonly CelNode _root;

    private CelProgram(string source, CelNode root)
    {
        Source = source;
        _root = root;
    }

    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>; throws <see cref="CelException"/> with the position on a syntax error. Parsed programs are cached.</summary>
    public static CelProgram Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Cache.TryGetValue(source, out var cached)
            ? cached
            : Cache.GetOrAdd(source, new CelProgram(source, CelParser.Parse(source)));
    }

    /// <summary>Whether the expression uses the variable, for example oldSelf (which makes a validation rule a transition rule).</summary>
    public bool References(string variable) => _root.References(variable);

    /// <summary>Evaluates the expression; throws <see cref="CelException"/> on an evaluation error.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return CelEvaluator.Evaluate(_root, variables);
    }
}
