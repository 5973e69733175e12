using System.Text.Json.Nodes;
using KubeTune.DevCluster.Patching;

namespace KubeTune.DevCluster.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    [Fact]
    public void Apply_ContainersAndEnv_MergeByName()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"b","image":"y"}]}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"a","env":[{"name":"B","value":"3"}]}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(pod, patch);

        var expected = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]},{"name":"b","image":"y"}]}}""");
        Assert.True(JsonNode.DeepEquals(expected, result), result.ToJsonString());
    }

    [Fact]
    public void Apply_PatchDeleteDirective_RemovesListItem()
    {
        var pod = JsonNode.Parse("""{"spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}]}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"volumes":[{"name":"a","$patch":"delete"}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(pod, patch);

        Assert.Equal("b", Assert.Single(result["spec"]!["volumes"]!.AsArray())!["name"]!.ToString());
    }

    [Fact]
    public void Apply_RetainKeysAndNull_DropsOtherKeys()
    {
        var strategy = JsonNode.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}},"keep":1}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"keep":null}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(strategy, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"spec":{"strategy":{"type":"Recreate"}}}"""), result), result.ToJsonString());
    }

    [Fact]
    public void Apply_ListWithoutMergeKey_Replaces()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","args":["x","y"]}]}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","args":["z"]}]}}""")!.AsObject();

        var result = StrategicMergePatch.Apply(pod, patch);

        Assert.Equal("[\"z\"]", result["spec"]!["containers"]![0]!["args"]!.ToJsonString());
    }
}
