using System.Text.Json.Nodes;
using KubeTune.Contracts;

namespace KubeTune.Contracts.Tests.Yaml;

/// <summary>The one YAML-to-JSON converter (DevCluster, the operator's local mode, the trainer, the tests) reads YAML as kubectl does.</summary>
public sealed class YamlJsonTests
{
    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("yes", "true")]
    [InlineData("ON", "true")]
    [InlineData("y", "true")]
    [InlineData("false", "false")]
    [InlineData("No", "false")]
    [InlineData("off", "false")]
    [InlineData("n", "false")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("NULL", "null")]
    [InlineData("", "null")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("+5", "5")]
    [InlineData("1_000", "1000")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("017", "15")]
    [InlineData("0b101", "5")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("0x1FFFFFFFFFFFFFFFF", "36893488147419103231")]
    [InlineData("08", "8")]
    [InlineData("1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("2e-5", "0.00002")]
    [InlineData("-1.", "-1")]
    [InlineData("-99999999999999999999", "-1e20")]
    [InlineData("1e400", "\"1e400\"")]
    [InlineData("2024-01-01", "\"2024-01-01\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("0x", "\"0x\"")]
    [InlineData("+", "\"+\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("Infinity", "\"Infinity\"")]
    [InlineData("yes please", "\"yes please\"")]
    public void Parse_PlainScalar_TypedAsKubectlDoes(string scalar, string expectedJson) =>
        AssertValue(expectedJson, $"v: {scalar}\n");

    [Theory]
    [InlineData("'true'", "\"true\"")]
    [InlineData("\"42\"", "\"42\"")]
    [InlineData("''", "\"\"")]
    [InlineData("|\n  yes\n", "\"yes\\n\"")]
    [InlineData(">-\n  on\n", "\"on\"")]
    [InlineData("!!str 42", "\"42\"")]
    [InlineData("! yes", "\"yes\"")]
    [InlineData("!custom 42", "\"42\"")]
    [InlineData("!!int \"42\"", "42")]
    [InlineData("!!float 1", "1.0")]
    [InlineData("!!bool 'yes'", "true")]
    [InlineData("!!null ''", "null")]
    public void Parse_QuotedBlockOrTaggedScalar_StringUnlessTheTagSaysOtherwise(string scalar, string expectedJson) =>
        AssertValue(expectedJson, $"v: {scalar}\n");

    [Theory]
    [InlineData("a: 1\nv: .inf\n", "config.yaml: invalid YAML at line 2, column 4: .inf has no JSON form")]
    [InlineData("v: -.Inf\n", "config.yaml: invalid YAML at line 1, column 4: -.Inf has no JSON form")]
    [InlineData("v: .nan\n", "config.yaml: invalid YAML at line 1, column 4: .nan has no JSON form")]
    [InlineData("v: !!int abc\n", "config.yaml: invalid YAML at line 1, column 4: 'abc' is not a !!int")]
    [InlineData("~: a\n", "config.yaml: invalid YAML at line 1, column 1: mapping key '~' is neither")]
    [InlineData("1.5: a\n", "config.yaml: invalid YAML at line 1, column 1: mapping key '1.5' is neither")]
    [InlineData("? [a]\n: 1\n", "config.yaml: invalid YAML at line 1, column 3: a mapping key must be a scalar")]
    [InlineData("a: 1\nb: 2\na: 3\n", "config.yaml: invalid YAML at line 3, column 1: Duplicate key a")]
    [InlineData("on: 1\n'true': 2\n", "config.yaml: invalid YAML at line 2, column 1: key 'true' appears twice")]
    [InlineData("kind: Job\nspec:\n  model: [unclosed\n", "config.yaml: invalid YAML at line ")]
    [InlineData("spec:\n  model: {uri: pvc://models/a\n  task: causal-lm\n", "config.yaml: invalid YAML at line 2, column 14: a flow mapping or sequence ('{' or '[') is not closed")]
    [InlineData("a: [1, 2\nb: }\n", "config.yaml: invalid YAML at line 1, column 6: a flow mapping or sequence ('{' or '[') is not closed")]
    [InlineData("a: {b: 1\n", "config.yaml: invalid YAML at line 2, column 1: While parsing a flow mapping")]
    [InlineData("a: &x [1]\nb:\n  <<: *x\n", "config.yaml: invalid YAML at line 1, column 4: << must merge a mapping")]
    public void Parse_NoJsonForIt_ErrorNamesSourceLineAndColumn(string yaml, string expectedStart)
    {
        var error = Assert.Throws<FormatException>(() => YamlJson.Parse(yaml, "config.yaml"));

        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PlainKeys_TypedThenNamedAsKubectlDoes()
    {
        var json = YamlJson.Parse("on: push\n0x10: hex\n\"yes\": quoted\n<<: {merged: 1}\n", "keys.yaml");

        AssertJson("""{"true": "push", "16": "hex", "yes": "quoted", "merged": 1}""", json);
    }

    [Fact]
    public void Parse_MergeKeys_OwnKeysWinThenEarlierMergedMappings()
    {
        var json = YamlJson.Parse("""
            base: &base {image: trainer, gpus: 1, cpu: "2"}
            large: &large {gpus: 8, memory: 64Gi}
            job:
              gpus: 2
              <<: [*large, *base]
            """, "merge.yaml");

        AssertJson("""{"gpus": 2, "memory": "64Gi", "image": "trainer", "cpu": "2"}""", json!["job"]);
    }

    [Fact]
    public void Parse_AnchorUsedTwice_EachUseIsItsOwnCopy()
    {
        var json = YamlJson.Parse("a: &labels {app: kubetune}\nb: *labels\n", "anchors.yaml")!;

        json["b"]!["app"] = "changed";

        Assert.Equal("kubetune", json["a"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public void ParseDocuments_EmptyDocumentsSkipped_EachWithItsFirstLine()
    {
        var documents = YamlJson.ParseDocuments("---\n# only a comment\n---\nkind: A\n---\nnull\n---\n\nkind: B\n---\n", "stream.yaml");

        Assert.Equal([4L, 9L], documents.Select(document => document.Line));
        Assert.Equal(["A", "B"], documents.Select(document => document.Json["kind"]!.GetValue<string>()));
    }

    [Fact]
    public void Parse_SeveralDocuments_ErrorNamesTheirLines()
    {
        var error = Assert.Throws<FormatException>(() => YamlJson.Parse("kind: A\n---\nkind: B\n", "two.yaml"));

        Assert.Equal("two.yaml: 2 YAML documents (at lines 1, 3); expected one", error.Message);
    }

    [Fact]
    public void Parse_NoDocument_Null()
    {
        Assert.Null(YamlJson.Parse("# nothing here\n", "empty.yaml"));
    }

    private static void AssertValue(string expectedJson, string yaml)
    {
        var json = YamlJson.Parse(yaml, "value.yaml");

        AssertJson(expectedJson, Assert.IsType<JsonObject>(json)["v"]);
    }

    private static void AssertJson(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}");
    }
}
