using System.Text.Json.Nodes;
using KubeTune.DevCluster.Patching;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Patching;

/// <summary>The pure merge and conflict rules of server-side apply, on ConfigMap-shaped objects.</summary>
public sealed class ServerSideApplyMergeTests
{
    // Live object: data.a=1 owned by "flux" (Apply), data.b=2 owned by "kubectl" (Apply), data.c=3 owned by "kubectl-edit" (Update).
    private const string Live = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"7","managedFields":[
          {"manager":"flux","operation":"Apply","apiVersion":"v1","time":"t","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}},
          {"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"t","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:b":{}}}},
          {"manager":"kubectl-edit","operation":"Update","apiVersion":"v1","time":"t","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:c":{}}}}]},
         "data":{"a":"1","b":"2","c":"3"}}
        """;

    public static TheoryData<string, string, bool, string?, string> Cases => new()
    {
        // scenario, kubectl's applied data, force, conflicting "manager:path" (null: none), resulting data
        { "same value as another owner: co-owned", """{"a":"1","b":"2"}""", false, null, """{"a":"1","b":"2","c":"3"}""" },
        { "other value of flux's field", """{"a":"9","b":"2"}""", false, "flux:.data.a", """{"a":"1","b":"2","c":"3"}""" },
        { "other value of an Update manager's field", """{"b":"2","c":"9"}""", false, "kubectl-edit:.data.c", """{"a":"1","b":"2","c":"3"}""" },
        { "forced", """{"a":"9","b":"2"}""", true, null, """{"a":"9","b":"2","c":"3"}""" },
        { "own field dropped: removed", """{"d":"4"}""", false, null, """{"a":"1","c":"3","d":"4"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Configuration_MergedOrConflict(string scenario, string data, bool force, string? conflict, string expected)
    {
        var live = JsonNode.Parse(Live)!.AsObject();
        var configuration = JsonNode.Parse($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{{data}}}""")!.AsObject();

        var result = ServerSideApply.Apply(live, configuration, "kubectl", force, hasStatusSubresource: false, subresource: null);

        Assert.True(scenario.Length > 0);
        Assert.Equal(conflict, result.Conflicts.Select(c => $"{c.Manager}:{ManagedFields.Display(c.Path)}").SingleOrDefault());
        var data2 = (result.Merged ?? live)["data"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), data2), $"{scenario}: got {data2?.ToJsonString()}");
    }

    [Fact]
    public void AfterWrite_ForcedApply_TakesTheFieldFromItsOwnerAndKeepsOthersTimes()
    {
        var live = JsonNode.Parse(Live)!.AsObject();
        var configuration = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"9","b":"2"}}""")!.AsObject();
        var applied = ServerSideApply.Apply(live, configuration, "kubectl", force: true, hasStatusSubresource: false, subresource: null);

        var entries = ManagedFields.AfterWrite(new WriteContext(live, applied.Merged!, false, null, "kubectl", "v1", "now", applied.Applied, applied.TakenOver));

        var owners = entries.Select(entry => $"{entry!["manager"]} {entry["time"]} {entry["fieldsV1"]!.ToJsonString()}").ToList();
        Assert.Equal(
            [
                """kubectl now {"f:data":{"f:a":{},"f:b":{}}}""",
                """kubectl-edit t {"f:data":{"f:c":{}}}""",
            ],
            owners);
    }

    [Fact]
    public void AfterWrite_Update_OwnsTheFieldsItChangedTakingThemFromTheirOwner()
    {
        var live = JsonNode.Parse(Live)!.AsObject();
        var updated = live.DeepClone().AsObject();
        updated["data"]!["b"] = "5";
        updated["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };

        var entries = ManagedFields.AfterWrite(new WriteContext(live, updated, false, null, "KubernetesClient", "v1", "now", null, new HashSet<string>()));

        var mine = Assert.Single(entries, entry => entry!["manager"]!.ToString() == "KubernetesClient")!;
        Assert.Equal("Update", mine["operation"]!.ToString());
        Assert.Equal("""{"f:data":{"f:b":{}},"f:metadata":{"f:labels":{"f:team":{}}}}""", mine["fieldsV1"]!.ToJsonString());
        Assert.DoesNotContain(entries, entry => entry!["manager"]!.ToString() == "kubectl"); // its one field, data.b, changed hands
    }
}
