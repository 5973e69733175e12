using System.Text.Json.Nodes;
using KubeTune.DevCluster.Patching;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Patching;

public sealed class JsonPatchTests
{
    [Fact]
    public void Apply_AddReplaceRemoveMoveCopy_ProducesExpectedDocument()
    {
        var document = JsonNode.Parse("""{"a":1,"list":[1,2],"nested":{"x":"y"}}""")!;
        var operations = JsonNode.Parse("""
            [{"op":"add","path":"/list/-","value":3},
             {"op":"replace","path":"/a","value":5},
             {"op":"remove","path":"/nested/x"},
             {"op":"copy","from":"/a","path":"/b"},
             {"op":"move","from":"/b","path":"/nested/c"},
             {"op":"test","path":"/a","value":5}]
            """)!.AsArray();

        var result = JsonPatch.Apply(document, operations);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":5,"list":[1,2,3],"nested":{"c":5}}"""), result), result.ToJsonString());
    }

    [Fact]
    public void Apply_FailedTest_Throws422()
    {
        var error = Assert.Throws<StatusException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":1}""")!, JsonNode.Parse("""[{"op":"test","path":"/a","value":2}]""")!.AsArray()));

        Assert.Equal(422, error.Code);
        Assert.Contains("/a", error.Message, StringComparison.Ordinal);
    }
}
