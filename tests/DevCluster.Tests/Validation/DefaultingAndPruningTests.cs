using System.Text.Json.Nodes;
using KubeTune.DevCluster.Validation;

namespace KubeTune.DevCluster.Tests.Validation;

public sealed class DefaultingAndPruningTests
{
    private static readonly string SchemaJson = """
        {'type':'object','properties':{
          'spec':{'type':'object','properties':{
            'size':{'type':'integer','default':3},
            'mode':{'type':'string','default':'fast'},
            'opts':{'type':'object','default':{},'properties':{'level':{'type':'integer','default':2},'tag':{'type':'string'}}},
            'items':{'type':'array','items':{'type':'object','properties':{'w':{'type':'number','default':0.5},'n':{'type':'string'}}}},
            'labels':{'type':'object','additionalProperties':{'type':'object','properties':{'on':{'type':'boolean','default':true}}}},
            'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{'known':{'type':'object','properties':{'k':{'type':'string'}}}}},
            'maybe':{'type':'string','nullable':true,'default':'x'}}}}}
        """;

    [Theory]
    [InlineData("{'spec':{}}", "{'spec':{'size':3,'mode':'fast','opts':{'level':2},'maybe':'x'}}")]
    [InlineData("{'spec':{'size':7,'opts':{'level':0}}}", "{'spec':{'size':7,'opts':{'level':0},'mode':'fast','maybe':'x'}}")]
    [InlineData("{'spec':{'items':[{'n':'a'},{'w':2}]}}", "{'spec':{'items':[{'n':'a','w':0.5},{'w':2}],'size':3,'mode':'fast','opts':{'level':2},'maybe':'x'}}")]
    [InlineData("{'spec':{'labels':{'a':{},'b':{'on':false}}}}", "{'spec':{'labels':{'a':{'on':true},'b':{'on':false}},'size':3,'mode':'fast','opts':{'level':2},'maybe':'x'}}")]
    [InlineData("{'spec':{'size':null,'maybe':null}}", "{'spec':{'maybe':null,'size':3,'mode':'fast','opts':{'level':2}}}")]
    [InlineData("{}", "{}")]
    public void ApplyDefaults_ObjectWithGaps_FillsThemTopDown(string before, string after)
    {
        var obj = TestJson.Object(before);

        CustomResourceValidation.ApplyDefaults(TestJson.Object(SchemaJson), obj);

        Assert.True(JsonNode.DeepEquals(TestJson.Object(after), obj), $"expected {after.Replace('\'', '"')}\nactual   {obj.ToJsonString()}");
    }

    [Theory]
    [InlineData("{'spec':{'size':1,'extra':1}}", "spec.extra")]
    [InlineData("{'spec':{'opts':{'tag':'t','typo':'x'}}}", "spec.opts.typo")]
    [InlineData("{'spec':{'items':[{'n':'a'},{'m':'b'}]}}", "spec.items[1].m")]
    [InlineData("{'spec':{'labels':{'a':{'off':true}}}}", "spec.labels[a].off")]
    [InlineData("{'spec':{'free':{'known':{'k':'1','z':2}}}}", "spec.free.known.z")]
    [InlineData("{'status':{'phase':'x'}}", "status")]
    public void Prune_UnknownField_IsRemovedAndItsPathReturned(string before, string prunedPath)
    {
        var obj = TestJson.Object(before);
        var prunedJson = obj.ToJsonString();

        var pruned = CustomResourceValidation.Prune(TestJson.Object(SchemaJson), obj);

        Assert.Equal([prunedPath], pruned);
        Assert.NotEqual(prunedJson, obj.ToJsonString());
    }

    [Theory]
    [InlineData("{'apiVersion':'a/v1','kind':'K','metadata':{'name':'n','labels':{'x':'y'}},'spec':{}}")]
    [InlineData("{'spec':{'free':{'anything':{'goes':[1,2]},'known':{'k':'v'}}}}")]
    [InlineData("{'spec':{'maybe':null}}")]
    public void Prune_DeclaredOrPreservedFields_AreKept(string json)
    {
        var obj = TestJson.Object(json);

        var pruned = CustomResourceValidation.Prune(TestJson.Object(SchemaJson), obj);

        Assert.Empty(pruned);
        Assert.True(JsonNode.DeepEquals(TestJson.Object(json), obj));
    }

    [Fact]
    public void Prune_NullInNonNullableField_IsDroppedWithoutBeingReportedAsUnknown()
    {
        var obj = TestJson.Object("{'spec':{'mode':null}}");

        var pruned = CustomResourceValidation.Prune(TestJson.Object(SchemaJson), obj);

        Assert.Empty(pruned);
        Assert.False(obj["spec"]!.AsObject().ContainsKey("mode"));
    }
}
