namespace KubeTune.DevCluster.Validation.Cel;

/// <summary>A recursive-descent parser for the CEL grammar (ternary, logic, relations, arithmetic, members, calls, list and map literals).</summary>
internal sealed class CelParser
{
    private static readonly HashSet<string> Relations = ["<", "<=", ">", ">=", "==", "!="];
    private static readonly HashSet<string> Reserved =
        ["as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    private readonly IReadOnlyList<CelToken> _tokens;
    private int _next;

    private CelParser(IReadOnlyList<CelToken> tokens) => _tokens = tokens;

    public static CelNode Parse(string source)
    {
        var parser = new CelParser(CelLexer.Tokenize(source));
        var expression = parser.ParseExpression();
        var rest = parser.Peek;
        if (rest.Kind != CelTokenKind.End)
        {
            throw new CelException($"Syntax error at position {rest.Position}: unexpected '{rest.Text}'");
        }
        return expression;
    }

    private CelToken Peek => _tokens[_next];

    private CelToken Take() => _tokens[_next++];

    private bool TakeIf(string punctuation)
    {
        if (!Peek.Is(punctuation))
        {
            return false;
        }
        _next++;
        return true;
    }

    private void Expect(string punctuation)
    {
        if (!TakeIf(punctuation))
        {
            var found = Peek.Kind == CelTokenKind.End ? "end of expression" : $"'{Peek.Text}'";
            throw new CelException($"Syntax error at position {Peek.Position}: expected '{punctuation}', found {found}");
        }
    }

    private CelNode ParseExpression()
    {
        var condition = ParseOr();
        if (!Peek.Is("?"))
        {
            return condition;
        }
        var position = Take().Position;
        var whenTrue = ParseOr();
        Expect(":");
        var whenFalse = ParseExpression();
        return new CelNode(CelNodeKind.Conditional, "?:", null, [condition, whenTrue, whenFalse], position);
    }

    private CelNode ParseOr() => ParseLeftAssociative(ParseAnd, "||");

    private CelNode ParseAnd() => ParseLeftAssociative(ParseRelation, "&&");

    private CelNode ParseLeftAssociative(Func<CelNode> operand, params string[] operators)
    {
        var left = operand();
        while (Peek.Kind == CelTokenKind.Punctuation && operators.Contains(Peek.Text))
        {
            var op = Take();
            left = new CelNode(CelNodeKind.Binary, op.Text, null, [left, operand()], op.Position);
        }
        return left;
    }

    private CelNode ParseRelation()
    {
        var left = ParseAddition();
        while ((Peek.Kind == CelTokenKind.Punctuation && Relations.Contains(Peek.Text)) || (Peek.Kind == CelTokenKind.Identifier && Peek.Text == "in"))
        {
            var op = Take();
            left = new CelNode(CelNodeKind.Binary, op.Text, null, [left, ParseAddition()], op.Position);
        }
        return left;
    }

    private CelNode ParseAddition() => ParseLeftAssociative(ParseMultiplication, "+", "-");

    private CelNode ParseMultiplication() => ParseLeftAssociative(ParseUnary, "*", "/", "%");

    private CelNode ParseUnary()
    {
        if (Peek.Is("!") || Peek.Is("-"))
        {
            var op = Take();
            var next = Peek;
            if (op.Text == "-" && next.Kind is CelTokenKind.Int or CelTokenKind.Double)
            {
                // Folding the sign into the literal keeps -9223372036854775808-style constants and member calls on them exact.
                Take();
                var negated = next.Value switch
                {
                    long l => (object)(-l),
                    double d => -d,
                    _ => long.MinValue,
                };
                return ParseMemberSuffixes(CelNode.Literal(negated, op.Position));
            }
            return new CelNode(CelNodeKind.Unary, op.Text, null, [ParseUnary()], op.Position);
        }
        return ParseMemberSuffixes(ParsePrimary());
    }

    private CelNode ParseMemberSuffixes(CelNode operand)
    {
        while (true)
        {
            if (Peek.Is("."))
            {
                Take();
                var name = TakeIdentifier();
                if (Peek.Is("("))
                {
                    Take();
                    operand = new CelNode(CelNodeKind.MethodCall, name.Text, null, [operand, .. ParseArguments(")")], name.Position);
                }
                else
                {
                    operand = new CelNode(CelNodeKind.Select, name.Text, null, [operand], name.Position);
                }
            }
            else if (Peek.Is("["))
            {
                var position = Take().Position;
                var index = ParseExpression();
                Expect("]");
                operand = new CelNode(CelNodeKind.Index, "[]", null, [operand, index], position);
            }
            else
            {
                return operand;
            }
        }
    }

    private CelToken TakeIdentifier()
    {
        var token = Take();
        if (token.Kind != CelTokenKind.Identifier)
        {
            throw new CelException($"Syntax error at position {token.Position}: expected a field name, found '{token.Text}'");
        }
        return token;
    }

    private List<CelNode> ParseArguments(string close)
    {
        var arguments = new List<CelNode>();
        if (TakeIf(close))
        {
            return arguments;
        }
        do
        {
            if (Peek.Is(close))
            {
                break;
            }
            arguments.Add(ParseExpression());
        }
        while (TakeIf(","));
        Expect(close);
        return arguments;
    }

    private CelNode ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case CelTokenKind.Int when token.Value is null:
                throw new CelException($"Syntax error at position {token.Position}: integer literal {token.Text} is out of range");
            case CelTokenKind.Int or CelTokenKind.UInt or CelTokenKind.Double or CelTokenKind.String:
                return CelNode.Literal(token.Value, token.Position);
            case CelTokenKind.Identifier:
                return ParseIdentifier(token);
            case CelTokenKind.End:
                throw new CelException($"Syntax error at position {token.Position}: unexpected end of expression");
        }
        switch (token.Text)
        {
            case "(":
                var inner = ParseExpression();
                Expect(")");
                return inner;
            case "[":
                return new CelNode(CelNodeKind.List, "[]", null, ParseArguments("]"), token.Position);
            case "{":
                return ParseMapLiteral(token.Position);
            case ".":
                return ParseIdentifier(TakeIdentifier());
            default:
                throw new CelException($"Syntax error at position {token.Position}: unexpected '{token.Text}'");
        }
    }

    private CelNode ParseIdentifier(CelToken token)
    {
        switch (token.Text)
        {
            case "true": return CelNode.Literal(true, token.Position);
            case "false": return CelNode.Literal(false, token.Position);
            case "null": return CelNode.Literal(null, token.Position);
            case "in": throw new CelException($"Syntax error at position {token.Position}: unexpected 'in'");
        }
        if (Reserved.Contains(token.Text))
        {
            throw new CelException($"Syntax error at position {token.Position}: reserved identifier '{token.Text}'");
        }
        if (TakeIf("("))
        {
            return new CelNode(CelNodeKind.Call, token.Text, null, ParseArguments(")"), token.Position);
        }
        return new CelNode(CelNodeKind.Identifier, token.Text, null, [], token.Position);
    }

    private CelNode ParseMapLiteral(int position)
    {
        var entries = new List<CelNode>();
        if (!Peek.Is("}"))
        {
            do
            {
                if (Peek.Is("}"))
                {
                    break;
                }
                entries.Add(ParseExpression());
                Expect(":");
                entries.Add(ParseExpression());
            }
            while (TakeIf(","));
        }
        Expect("}");
        return new CelNode(CelNodeKind.Map, "{}", null, entries, position);
    }
}
