using KubeTune.DevCluster.Validation.Cel;

namespace KubeTune.DevCluster.Tests.Validation.Cel;

public sealed class CelEvaluationTests
{
    private static readonly Dictionary<string, object?> Variables = new()
    {
        ["self"] = new Dictionary<string, object?>
        {
            ["a"] = 1L,
            ["d"] = 2.5,
            ["s"] = "hello",
            ["list"] = new List<object?> { 1L, 2L, 3L },
            ["m"] = new Dictionary<string, object?> { ["k"] = "v" },
            ["nothing"] = null,
        },
    };

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("7 / 2 == 3 && 7 % 2 == 1")]
    [InlineData("-self.a == -1")]
    [InlineData("0x10 == 16")]
    [InlineData("1.5e1 == 15.0")]
    [InlineData("self.d * 2.0 == 5.0")]
    [InlineData("1 < 1.5 && 2.5 > 2")]
    [InlineData("1 == 1.0")]
    [InlineData("'a' < 'b' && 'b' >= 'b'")]
    [InlineData("'a' + 'b' == 'ab'")]
    [InlineData("\"dq\" == 'dq'")]
    [InlineData("'\\u00e9' == 'é'")]
    [InlineData("r'\\d' == '\\\\d'")]
    [InlineData("'''multi\nline''' == 'multi\\nline'")]
    [InlineData("[1, 2] + [3] == self.list")]
    [InlineData("{'k': 'v'} == self.m")]
    [InlineData("self.nothing == null")]
    [InlineData("2 in self.list && !(4 in self.list)")]
    [InlineData("'k' in self.m")]
    [InlineData("has(self.m.k) && !has(self.m.z)")]
    [InlineData("self.m['k'] == 'v' && self.list[0] == 1")]
    [InlineData("size(self.s) == 5 && self.s.size() == 5 && size(self.list) == 3 && size(self.m) == 1")]
    [InlineData("size('héllo') == 5")]
    [InlineData("self.s.startsWith('he') && self.s.endsWith('lo') && self.s.contains('ell')")]
    [InlineData("self.s.matches('^h.*o$') && !matches(self.s, '^x')")]
    [InlineData("int('42') == 42 && double('0.5') == 0.5 && string(7) == '7' && int(2.9) == 2")]
    [InlineData("self.list.all(x, x > 0) && !self.list.all(x, x > 1)")]
    [InlineData("self.list.exists(x, x == 2) && !self.list.exists(x, x == 9)")]
    [InlineData("self.list.exists_one(x, x > 2) && !self.list.exists_one(x, x > 1)")]
    [InlineData("self.list.map(x, x * 2) == [2, 4, 6]")]
    [InlineData("self.list.map(x, x > 1, x * 10) == [20, 30]")]
    [InlineData("self.list.filter(x, x % 2 == 1) == [1, 3]")]
    [InlineData("self.m.all(key, key == 'k')")]
    [InlineData("[[1, 2], [3]].all(inner, inner.all(x, x > 0))")]
    [InlineData("self.a == 1 ? true : false")]
    [InlineData("false ? false : true ? true : false")]
    [InlineData("!!true")]
    [InlineData("!(false && self.missing == 1)")]
    [InlineData("self.missing == 1 && false == true ? false : true")]
    [InlineData("true || self.missing == 1")]
    [InlineData("self.missing == 1 || true")]
    [InlineData("!(1 / 0 == 1 && false)")]
    [InlineData("[1, 2, 3].exists(x, x / (x - 1) == 2)")]
    public void Evaluate_TrueExpression_ReturnsTrue(string expression)
    {
        var result = CelProgram.Parse(expression).Evaluate(Variables);

        Assert.Equal(true, result);
    }

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("self.d / 2.0", 1.25)]
    [InlineData("self.a == 1 ? 'one' : 'other'", "one")]
    [InlineData("self.s + ' world'", "hello world")]
    [InlineData("self.m.k", "v")]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("self.list.exists(x, x == 2) ? 1.5 : 0.5", 1.5)]
    public void Evaluate_Expression_ReturnsTypedValue(string expression, object expected)
    {
        var result = CelProgram.Parse(expression).Evaluate(Variables);

        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("self.missing", "no such key: missing")]
    [InlineData("self.m['z']", "no such key: z")]
    [InlineData("self.s.x", "does not support field selection")]
    [InlineData("other", "undeclared reference to 'other'")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("5 % 0", "modulus by zero")]
    [InlineData("9223372036854775807 + 1", "integer overflow")]
    [InlineData("1 + 1.0", "no such overload: int + double")]
    [InlineData("'a' < 1", "no such overload: string < int")]
    [InlineData("size(1)", "no matching overload for 'size'")]
    [InlineData("self.list[5]", "index out of range: 5")]
    [InlineData("self.list.all(x, x)", "expects bool")]
    [InlineData("1 ? 2 : 3", "no such overload")]
    [InlineData("!1", "no such overload: !int")]
    [InlineData("has(self)", "invalid argument to has() macro")]
    [InlineData("self.s.matches('(')", "invalid regular expression")]
    [InlineData("int('x')", "cannot convert \"x\" to int")]
    [InlineData("self.missing == 1 && true", "no such key: missing")]
    public void Evaluate_FailingExpression_ThrowsCelExceptionSayingWhy(string expression, string expectedMessage)
    {
        var program = CelProgram.Parse(expression);

        var error = Assert.Throws<CelException>(() => program.Evaluate(Variables));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 +", "Syntax error at position 3: unexpected end of expression")]
    [InlineData("(1 + 2", "expected ')'")]
    [InlineData("'abc", "unterminated string literal")]
    [InlineData("self.", "expected a field name")]
    [InlineData("1 2", "Syntax error at position 2: unexpected '2'")]
    [InlineData("a # b", "unexpected character '#'")]
    [InlineData("'\\q'", "unknown escape sequence")]
    [InlineData("99999999999999999999", "out of range")]
    [InlineData("x ? y", "expected ':'")]
    [InlineData("let", "reserved identifier")]
    public void Parse_InvalidExpression_ThrowsWithPosition(string expression, string expectedMessage)
    {
        var error = Assert.Throws<CelException>(() => CelProgram.Parse(expression));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("self.x == oldSelf.x", true)]
    [InlineData("has(oldSelf.x)", true)]
    [InlineData("self.x == 1", false)]
    [InlineData("self.oldSelf == 1", false)]
    public void References_OldSelf_TellsTransitionRulesApart(string expression, bool expected)
    {
        Assert.Equal(expected, CelProgram.Parse(expression).References("oldSelf"));
    }
}
