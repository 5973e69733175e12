using KubeTune.DevCluster.Validation;

namespace KubeTune.DevCluster.Tests.Validation;

public sealed class ValidationRuleTests
{
    private static string RuleSchema(string rule, string properties = "'a':{'type':'integer'},'b':{'type':'integer'},'r':{'type':'number'},'s':{'type':'string'}") =>
        $"{{'type':'object','properties':{{'spec':{{'type':'object','x-kubernetes-validations':[{rule}],'properties':{{{properties}}}}}}}}}";

    [Theory]
    [InlineData("{'rule':'!(has(self.a) && has(self.b))','message':'set at most one of a and b'}", "{'spec':{'a':1,'b':2}}", "spec: Invalid value: \"object\": set at most one of a and b")]
    [InlineData("{'rule':'self.a < self.b'}", "{'spec':{'a':2,'b':1}}", "spec: Invalid value: \"object\": failed rule: self.a < self.b")]
    [InlineData("{'rule':'self.a < self.b','message':'a must be below b','fieldPath':'.a'}", "{'spec':{'a':2,'b':1}}", "spec.a: Invalid value: \"object\": a must be below b")]
    [InlineData("{'rule':'self.a < self.b','messageExpression':'\\'a is \\' + string(self.a)','message':'static'}", "{'spec':{'a':2,'b':1}}", "spec: Invalid value: \"object\": a is 2")]
    [InlineData("{'rule':'self.a < self.b','messageExpression':'self.missing','message':'static'}", "{'spec':{'a':2,'b':1}}", "spec: Invalid value: \"object\": static")]
    [InlineData("{'rule':'!has(self.s)','message':'s is not allowed','reason':'FieldValueForbidden'}", "{'spec':{'s':'x'}}", "spec: Forbidden: s is not allowed")]
    [InlineData("{'rule':'has(self.s)','message':'s is needed','reason':'FieldValueRequired','fieldPath':'.s'}", "{'spec':{}}", "spec.s: Required value: s is needed")]
    [InlineData("{'rule':'self.a == 1'}", "{'spec':{}}", "spec: Invalid value: \"object\": no such key: a evaluating rule: self.a == 1")]
    [InlineData("{'rule':'self.a +'}", "{'spec':{}}", "spec: Invalid value: \"object\": compilation failed: Syntax error")]
    [InlineData("{'rule':'self.a'}", "{'spec':{'a':1}}", "spec: Invalid value: \"object\": rule did not evaluate to a bool")]
    public void Validate_RuleThatFails_ReportsItsMessageAtThePath(string rule, string obj, string expected)
    {
        var errors = CustomResourceValidation.Validate(TestJson.Object(RuleSchema(rule)), TestJson.Object(obj), null);

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'rule':'self.r > 0.0'}", "{'spec':{'r':1}}")]
    [InlineData("{'rule':'self.r == 1.0 && self.a == 1'}", "{'spec':{'r':1,'a':1}}")]
    [InlineData("{'rule':'self.a + 1 == 2'}", "{'spec':{'a':1.0}}")]
    [InlineData("{'rule':'self.s.matches(\\'^[a-z]+$\\')'}", "{'spec':{'s':'abc'}}")]
    [InlineData("{'rule':'self.a == oldSelf.a'}", "{'spec':{'a':1}}")]
    public void Validate_RuleThatHolds_HasNoErrors(string rule, string obj)
    {
        Assert.Empty(CustomResourceValidation.Validate(TestJson.Object(RuleSchema(rule)), TestJson.Object(obj), null));
    }

    [Theory]
    [InlineData("{'spec':{'a':1}}", "{'spec':{'a':1}}", true)]
    [InlineData("{'spec':{'a':1}}", "{'spec':{'a':2}}", false)]
    public void Validate_TransitionRuleOnUpdate_ComparesWithTheOldObject(string oldObj, string newObj, bool valid)
    {
        var schema = TestJson.Object(RuleSchema("{'rule':'self.a == oldSelf.a','message':'a is immutable'}"));

        var errors = CustomResourceValidation.Validate(schema, TestJson.Object(newObj), TestJson.Object(oldObj));

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("spec: Invalid value: \"object\": a is immutable", e.ToString()));
    }

    [Fact]
    public void Validate_TransitionRuleOnAFieldTheOldObjectLacked_IsNotEvaluated()
    {
        var schema = TestJson.Object(RuleSchema("{'rule':'self.a == oldSelf.a','message':'a is immutable'}"));

        var errors = CustomResourceValidation.Validate(schema, TestJson.Object("{'spec':{'a':1}}"), TestJson.Object("{}"));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("[{'name':'x','v':1},{'name':'y','v':5}]", "[{'name':'y','v':5},{'name':'x','v':1}]", 0)]
    [InlineData("[{'name':'x','v':1}]", "[{'name':'x','v':2},{'name':'new','v':9}]", 1)]
    public void Validate_TransitionRuleInAMapList_CorrelatesItemsByKey(string oldItems, string newItems, int expectedErrors)
    {
        var schema = TestJson.Object("""
            {'type':'object','properties':{'items':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],
              'items':{'type':'object','x-kubernetes-validations':[{'rule':'self.v == oldSelf.v','message':'v is immutable'}],
                'properties':{'name':{'type':'string'},'v':{'type':'integer'}}}}}}
            """);

        var errors = CustomResourceValidation.Validate(schema, TestJson.Object($"{{'items':{newItems}}}"), TestJson.Object($"{{'items':{oldItems}}}"));

        Assert.Equal(expectedErrors, errors.Count);
        Assert.All(errors, e => Assert.Equal("items[0]: Invalid value: \"object\": v is immutable", e.ToString()));
    }

    [Fact]
    public void Validate_RuleOnMapValues_RunsForEachEntryWithTheKeyInThePath()
    {
        var schema = TestJson.Object("""
            {'type':'object','properties':{'params':{'type':'object','additionalProperties':{'type':'object',
              'x-kubernetes-validations':[{'rule':'self.min < self.max','message':'min must be less than max','fieldPath':'.min'}],
              'properties':{'min':{'type':'number'},'max':{'type':'number'}}}}}}
            """);

        var errors = CustomResourceValidation.Validate(schema, TestJson.Object("{'params':{'good':{'min':1,'max':2},'bad':{'min':3,'max':2}}}"), null);

        Assert.Equal("params[bad].min: Invalid value: \"object\": min must be less than max", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Validate_RuleAboveAStructuralError_IsSkippedSoOnlyTheTypeErrorShows()
    {
        var schema = TestJson.Object(RuleSchema("{'rule':'self.a < self.b'}"));

        var errors = CustomResourceValidation.Validate(schema, TestJson.Object("{'spec':{'a':'one','b':2}}"), null);

        Assert.Equal("spec.a", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_RootRule_SeesOnlyNameAndGenerateNameOfMetadata()
    {
        var schema = TestJson.Object("{'type':'object','x-kubernetes-validations':[{'rule':'self.metadata.name.startsWith(\\'ft-\\') && !has(self.metadata.labels)','message':'name must start with ft-'}],'properties':{'metadata':{'type':'object'}}}");

        Assert.Empty(CustomResourceValidation.Validate(schema, TestJson.Object("{'metadata':{'name':'ft-a','labels':{'x':'y'}}}"), null));
        Assert.Equal("Invalid value: \"object\": name must start with ft-",
            Assert.Single(CustomResourceValidation.Validate(schema, TestJson.Object("{'metadata':{'name':'b'}}"), null)).Message);
    }
}
