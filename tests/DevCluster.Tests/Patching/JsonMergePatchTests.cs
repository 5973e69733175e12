using System.Text.Json.Nodes;
using KubeTune.DevCluster.Patching;

namespace KubeTune.DevCluster.Tests.Patching;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Apply_NestedMapsNullAndLists_MergesRemovesAndReplaces()
    {
        var target = JsonNode.Parse("""{"a":{"b":1,"c":2},"list":[1,2],"gone":true}""");
        var patch = JsonNode.Parse("""{"a":{"c":3,"d":4},"list":[9],"gone":null}""");

        var result = JsonMergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"b":1,"c":3,"d":4},"list":[9]}"""), result), result!.ToJsonString());
    }
}
