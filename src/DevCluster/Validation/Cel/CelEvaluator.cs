namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>Evaluates a parsed CEL expression against variables, with CEL's error-absorbing logic and the has/all/exists/map/filter macros.</summary>
internal static class CelEvaluator
{
    public static object? Evaluate(CelNode node, IReadOnlyDictionary<string, object?> variables) => node.Kind switch
    {
        CelNodeKind.Literal => node.Value,
        CelNodeKind.Identifier => variables.TryGetValue(node.Name, out var value)
            ? value
            : throw new CelException($"undeclared reference to '{node.Name}'"),
        CelNodeKind.Select => Select(Evaluate(node.Args[0], variables), node.Name),
        CelNodeKind.Index => Index(Evaluate(node.Args[0], variables), Evaluate(node.Args[1], variables)),
        CelNodeKind.Call => Call(node, variables),
        CelNodeKind.MethodCall => MethodCall(node, variables),
        CelNodeKind.Unary => Unary(node, variables),
        CelNodeKind.Binary => Binary(node, variables),
        CelNodeKind.Conditional => Evaluate(node.Args[0], variables) switch
        {
            true => Evaluate(node.Args[1], variables),
            false => Evaluate(node.Args[2], variables),
            var other => throw new CelException($"no such overload: {CelOperators.TypeName(other)} ? _ : _"),
        },
        CelNodeKind.List => node.Args.Select(a => Evaluate(a, variables)).ToList(),
        CelNodeKind.Map => MapLiteral(node, variables),
        _ => throw new CelException($"unsupported expression {node.Kind}"),
    };

    private static object? Select(object? operand, string field) => operand switch
    {
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(field, out var value)
            ? value
            : throw new CelException($"no such key: {field}"),
        _ => throw new CelException($"type '{CelOperators.TypeName(operand)}' does not support field selection"),
    };

    private static object? Index(object? operand, object? index) => (operand, index) switch
    {
        (IReadOnlyList<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (IReadOnlyList<object?> list, long i) => throw new CelException($"index out of range: {i} (size {list.Count})"),
        (IReadOnlyDictionary<string, object?> map, string key) => map.TryGetValue(key, out var value)
            ? value
            : throw new CelException($"no such key: {key}"),
        _ => throw CelOperators.NoOverload("[]", operand, index),
    };

    private static Dictionary<string, object?> MapLiteral(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < node.Args.Count; i += 2)
        {
            var key = Evaluate(node.Args[i], variables) as string
                ?? throw new CelException("map keys must be strings in this interpreter");
            if (!map.TryAdd(key, Evaluate(node.Args[i + 1], variables)))
            {
                throw new CelException($"duplicate map key: {key}");
            }
        }
        return map;
    }

    private static object? Call(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        if (node.Name == "has")
        {
            if (node.Args.Count != 1 || node.Args[0].Kind != CelNodeKind.Select)
            {
                throw new CelException("invalid argument to has() macro: expected a field selection such as has(self.field)");
            }
            var selection = node.Args[0];
            return Evaluate(selection.Args[0], variables) switch
            {
                IReadOnlyDictionary<string, object?> map => map.ContainsKey(selection.Name),
                var other => throw new CelException($"type '{CelOperators.TypeName(other)}' does not support field selection"),
            };
        }
        return CelFunctions.Call(node.Name, node.Args.Select(a => Evaluate(a, variables)).ToList());
    }

    private static object? MethodCall(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        var target = Evaluate(node.Args[0], variables);
        if (node.Name is "all" or "exists" or "exists_one" or "map" or "filter")
        {
            return Macro(node, target, variables);
        }
        return CelFunctions.Call(node.Name, [target, .. node.Args.Skip(1).Select(a => Evaluate(a, variables))]);
    }

    private static object? Macro(CelNode node, object? target, IReadOnlyDictionary<string, object?> variables)
    {
        var arity = node.Name == "map" ? node.Args.Count - 1 : 2;
        if (node.Args.Count - 1 != arity || (node.Name == "map" && arity is not (2 or 3)) || node.Args[1].Kind != CelNodeKind.Identifier)
        {
            throw new CelException($"invalid arguments to {node.Name}() macro: expected a variable name and an expression");
        }
        IEnumerable<object?> elements = target switch
        {
            IReadOnlyList<object?> list => list,
            IReadOnlyDictionary<string, object?> map => map.Keys,
            _ => throw new CelException($"found no matching overload for '{node.Name}' applied to ({CelOperators.TypeName(target)})"),
        };
        var scope = new Dictionary<string, object?>(variables);
        var variable = node.Args[1].Name;
        object? Apply(CelNode body, object? element)
        {
            scope[variable] = element;
            return Evaluate(body, scope);
        }
        switch (node.Name)
        {
            case "all":
                return AllOrExists(elements, e => Apply(node.Args[2], e), stopOn: false);
            case "exists":
                return AllOrExists(elements, e => Apply(node.Args[2], e), stopOn: true);
            case "exists_one":
                return elements.Count(e => AsBool(Apply(node.Args[2], e), "exists_one")) == 1;
            case "filter":
                return elements.Where(e => AsBool(Apply(node.Args[2], e), "filter")).ToList();
            default:
                return arity == 2
                    ? elements.Select(e => Apply(node.Args[2], e)).ToList()
                    : elements.Where(e => AsBool(Apply(node.Args[2], e), "map")).Select(e => Apply(node.Args[3], e)).ToList();
        }
    }

    // Like && and ||: a decisive result wins over an error raised by another element.
    private static bool AllOrExists(IEnumerable<object?> elements, Func<object?, object?> predicate, bool stopOn)
    {
        CelException? firstError = null;
        foreach (var element in elements)
        {
            try
            {
                if (AsBool(predicate(element), stopOn ? "exists" : "all") == stopOn)
                {
                    return stopOn;
                }
            }
            catch (CelException e)
            {
                firstError ??= e;
            }
        }
        return firstError is null ? !stopOn : throw firstError;
    }

    private static bool AsBool(object? value, string context) =>
        value as bool? ?? throw new CelException($"no such overload: {context} expects bool, got {CelOperators.TypeName(value)}");

    private static object? Unary(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        var operand = Evaluate(node.Args[0], variables);
        return node.Name == "!"
            ? operand is bool b ? !b : throw new CelException($"no such overload: !{CelOperators.TypeName(operand)}")
            : CelOperators.Negate(operand);
    }

    private static object? Binary(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        if (node.Name is "&&" or "||")
        {
            return Logical(node, variables);
        }
        var left = Evaluate(node.Args[0], variables);
        var right = Evaluate(node.Args[1], variables);
        return node.Name switch
        {
            "==" => CelOperators.ValuesEqual(left, right),
            "!=" => !CelOperators.ValuesEqual(left, right),
            "<" => CelOperators.Compare(left, right, node.Name) < 0,
            "<=" => CelOperators.Compare(left, right, node.Name) <= 0,
            ">" => CelOperators.Compare(left, right, node.Name) > 0,
            ">=" => CelOperators.Compare(left, right, node.Name) >= 0,
            "in" => CelOperators.Contains(left, right),
            _ => CelOperators.Arithmetic(node.Name, left, right),
        };
    }

    // CEL's && and || are commutative over errors: false && error is false, true || error is true.
    private static bool Logical(CelNode node, IReadOnlyDictionary<string, object?> variables)
    {
        var decisive = node.Name == "||";
        CelException? error = null;
        foreach (var operand in node.Args)
        {
            try
            {
                if (AsBool(Evaluate(operand, variables), node.Name) == decisive)
                {
                    return decisive;
                }
            }
            catch (CelException e)
            {
                error ??= e;
            }
        }
        return error is null ? !decisive : throw error;
    }
}
