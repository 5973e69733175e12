namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>CEL's equality, ordering and arithmetic on the interpreter's values (null, bool, long, double, string, list, map).</summary>
internal static class CelOperators
{
    public static string TypeName(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        double => "double",
        string => "string",
        IReadOnlyList<object?> => "list",
        IReadOnlyDictionary<string, object?> => "map",
        _ => value.GetType().Name,
    };

    /// <summary>Deep equality; numbers compare by value across int and double, other mixed types are unequal.</summary>
    public static bool ValuesEqual(object? left, object? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (long a, long b):
                return a == b;
            case (long or double, long or double):
                return ToDouble(left) == ToDouble(right);
            case (string a, string b):
                return string.Equals(a, b, StringComparison.Ordinal);
            case (bool a, bool b):
                return a == b;
            case (IReadOnlyList<object?> a, IReadOnlyList<object?> b):
                return a.Count == b.Count && a.Zip(b).All(pair => ValuesEqual(pair.First, pair.Second));
            case (IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b):
                return a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && ValuesEqual(entry.Value, other));
            default:
                return false;
        }
    }

    public static int Compare(object? left, object? right, string op) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (long or double, long or double) => ToDouble(left).CompareTo(ToDouble(right)),
        (string a, string b) => string.CompareOrdinal(a, b),
        (bool a, bool b) => a.CompareTo(b),
        _ => throw NoOverload(op, left, right),
    };

    public static object? Arithmetic(string op, object? left, object? right)
    {
        try
        {
            return (op, left, right) switch
            {
                ("+", long a, long b) => checked(a + b),
                ("-", long a, long b) => checked(a - b),
                ("*", long a, long b) => checked(a * b),
                ("/", long, 0L) or ("%", long, 0L) => throw new CelException(op == "/" ? "division by zero" : "modulus by zero"),
                ("/", long a, long b) => checked(a / b),
                ("%", long a, long b) => a % b,
                ("+", double a, double b) => a + b,
                ("-", double a, double b) => a - b,
                ("*", double a, double b) => a * b,
                ("/", double a, double b) => a / b,
                ("+", string a, string b) => a + b,
                ("+", IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Concat(b).ToList(),
                _ => throw NoOverload(op, left, right),
            };
        }
        catch (OverflowException)
        {
            throw new CelException("integer overflow");
        }
    }

    public static object? Negate(object? operand) => operand switch
    {
        long l when l == long.MinValue => throw new CelException("integer overflow"),
        long l => -l,
        double d => -d,
        _ => throw new CelException($"no such overload: -{TypeName(operand)}"),
    };

    public static bool Contains(object? element, object? container) => container switch
    {
        IReadOnlyList<object?> list => list.Any(item => ValuesEqual(item, element)),
        IReadOnlyDictionary<string, object?> map => element is string key && map.ContainsKey(key),
        _ => throw NoOverload("in", element, container),
    };

    public static CelException NoOverload(string op, object? left, object? right) =>
        new($"no such overload: {TypeName(left)} {op} {TypeName(right)}");

    private static double ToDouble(object? number) => number is long l ? l : (double)number!;
}
