using KubeTune.DevCluster.Validation;

namespace KubeTune.DevCluster.Tests.Validation;

public sealed class StructuralValidationTests
{
    [Theory]
    [InlineData("{'type':'integer'}", "3")]
    [InlineData("{'type':'integer'}", "2.0")]
    [InlineData("{'type':'number'}", "3")]
    [InlineData("{'type':'number'}", "0.5")]
    [InlineData("{'type':'string'}", "'x'")]
    [InlineData("{'type':'boolean'}", "false")]
    [InlineData("{'x-kubernetes-int-or-string':true}", "4")]
    [InlineData("{'x-kubernetes-int-or-string':true}", "'500m'")]
    [InlineData("{'x-kubernetes-preserve-unknown-fields':true}", "{'any':[1,'two']}")]
    [InlineData("{'type':'string','nullable':true}", "null")]
    [InlineData("{'type':'string','enum':['a','b']}", "'b'")]
    [InlineData("{'type':'number','minimum':0,'exclusiveMinimum':true}", "0.001")]
    [InlineData("{'type':'number','maximum':1,'exclusiveMaximum':true}", "0.999")]
    [InlineData("{'type':'integer','minimum':1,'maximum':3}", "3")]
    [InlineData("{'type':'string','minLength':1,'maxLength':3}", "'héé'")]
    [InlineData("{'type':'string','pattern':'^[a-z]+$'}", "'abc'")]
    [InlineData("{'type':'string','format':'date-time'}", "'2025-01-02T03:04:05Z'")]
    [InlineData("{'type':'string','format':'date-time'}", "'2025-01-02T03:04:05.123+02:00'")]
    [InlineData("{'type':'array','minItems':1,'maxItems':2,'items':{'type':'integer'}}", "[1,2]")]
    [InlineData("{'type':'object','additionalProperties':{'type':'string'},'maxProperties':2}", "{'a':'x','b':'y'}")]
    [InlineData("{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],'items':{'type':'object','properties':{'name':{'type':'string'}}}}", "[{'name':'a'},{'name':'b'}]")]
    [InlineData("{'type':'object','required':['r'],'properties':{'r':{'type':'string'}}}", "{'r':''}")]
    public void Validate_ValueThatFitsTheSchema_HasNoErrors(string fieldSchema, string value)
    {
        var (schema, obj) = TestJson.Field(fieldSchema, value);

        Assert.Empty(CustomResourceValidation.Validate(schema, obj, null));
    }

    [Theory]
    [InlineData("{'type':'integer'}", "1.5", "f", "FieldValueTypeInvalid", "f: Invalid value: \"number\": f in body must be of type integer: \"number\"")]
    [InlineData("{'type':'integer'}", "'1'", "f", "FieldValueTypeInvalid", "f: Invalid value: \"string\": f in body must be of type integer: \"string\"")]
    [InlineData("{'type':'number'}", "true", "f", "FieldValueTypeInvalid", "f in body must be of type number: \"boolean\"")]
    [InlineData("{'type':'string'}", "null", "f", "FieldValueTypeInvalid", "must be of type string: \"null\"")]
    [InlineData("{'type':'object'}", "[]", "f", "FieldValueTypeInvalid", "must be of type object: \"array\"")]
    [InlineData("{'x-kubernetes-int-or-string':true}", "1.5", "f", "FieldValueTypeInvalid", "must be of type integer,string: \"number\"")]
    [InlineData("{'type':'string','enum':['full','lora','head']}", "'xyz'", "f", "FieldValueNotSupported", "f: Unsupported value: \"xyz\": supported values: \"full\", \"lora\", \"head\"")]
    [InlineData("{'type':'integer','enum':[1,2]}", "3", "f", "FieldValueNotSupported", "f: Unsupported value: 3: supported values: \"1\", \"2\"")]
    [InlineData("{'type':'number','minimum':0,'exclusiveMinimum':true}", "0", "f", "FieldValueInvalid", "f: Invalid value: 0: f in body should be greater than 0")]
    [InlineData("{'type':'integer','minimum':1}", "0", "f", "FieldValueInvalid", "f: Invalid value: 0: f in body should be greater than or equal to 1")]
    [InlineData("{'type':'number','maximum':1,'exclusiveMaximum':true}", "1", "f", "FieldValueInvalid", "f: Invalid value: 1: f in body should be less than 1")]
    [InlineData("{'type':'number','maximum':1}", "1.5", "f", "FieldValueInvalid", "f: Invalid value: 1.5: f in body should be less than or equal to 1")]
    [InlineData("{'type':'number','minimum':0.00001}", "0.000001", "f", "FieldValueInvalid", "f: Invalid value: 1e-06: f in body should be greater than or equal to 1e-05")]
    [InlineData("{'type':'string','minLength':2}", "'a'", "f", "FieldValueInvalid", "f: Invalid value: \"a\": f in body should be at least 2 chars long")]
    [InlineData("{'type':'string','maxLength':3}", "'abcd'", "f", "FieldValueTooLong", "f: Too long: may not be longer than 3")]
    [InlineData("{'type':'string','pattern':'^[a-z]+$'}", "'AB'", "f", "FieldValueInvalid", "f: Invalid value: \"AB\": f in body should match '^[a-z]+$'")]
    [InlineData("{'type':'string','format':'date-time'}", "'yesterday'", "f", "FieldValueInvalid", "f in body must be of type date-time: \"yesterday\"")]
    [InlineData("{'type':'array','minItems':1,'items':{'type':'string'}}", "[]", "f", "FieldValueInvalid", "f: Invalid value: 0: f in body should have at least 1 items")]
    [InlineData("{'type':'array','maxItems':1,'items':{'type':'string'}}", "['a','b']", "f", "FieldValueTooMany", "f: Too many: 2: must have at most 1 items")]
    [InlineData("{'type':'array','items':{'type':'integer','minimum':0}}", "[1,-1]", "f[1]", "FieldValueInvalid", "f[1]: Invalid value: -1: f[1] in body should be greater than or equal to 0")]
    [InlineData("{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}", "['a','b','a']", "f[2]", "FieldValueDuplicate", "f[2]: Duplicate value: \"a\"")]
    [InlineData("{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],'items':{'type':'object','properties':{'name':{'type':'string'},'v':{'type':'integer'}}}}", "[{'name':'a','v':1},{'name':'a','v':2}]", "f[1]", "FieldValueDuplicate", "f[1]: Duplicate value: {\"name\":\"a\"}")]
    [InlineData("{'type':'object','additionalProperties':{'type':'integer'}}", "{'ok':1,'bad':'x'}", "f[bad]", "FieldValueTypeInvalid", "f[bad]: Invalid value: \"string\": f[bad] in body must be of type integer")]
    [InlineData("{'type':'object','minProperties':1,'additionalProperties':{'type':'string'}}", "{}", "f", "FieldValueInvalid", "f: Invalid value: 0: f in body should have at least 1 properties")]
    [InlineData("{'type':'object','maxProperties':1,'additionalProperties':{'type':'string'}}", "{'a':'','b':''}", "f", "FieldValueTooMany", "f: Too many: 2: must have at most 1 items")]
    [InlineData("{'type':'object','required':['uri'],'properties':{'uri':{'type':'string'}}}", "{}", "f.uri", "FieldValueRequired", "f.uri: Required value")]
    public void Validate_ValueThatBreaksTheSchema_ReportsTheFieldLikeTheApiServer(string fieldSchema, string value, string path, string type, string expected)
    {
        var (schema, obj) = TestJson.Field(fieldSchema, value);

        var errors = CustomResourceValidation.Validate(schema, obj, null);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(type, error.Type);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBrokenFields_ReportsEveryOne()
    {
        var schema = TestJson.Object("{'type':'object','required':['a'],'properties':{'a':{'type':'string'},'b':{'type':'integer'},'c':{'type':'array','items':{'type':'boolean'}}}}");
        var obj = TestJson.Object("{'b':'x','c':[true,1]}");

        var errors = CustomResourceValidation.Validate(schema, obj, null);

        Assert.Equal(["a", "b", "c[1]"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_RootMetadata_IsLeftToTheApiServersObjectMetaRules()
    {
        var schema = TestJson.Object("{'type':'object','properties':{'metadata':{'type':'object','properties':{'name':{'type':'integer'}}}}}");
        var obj = TestJson.Object("{'metadata':{'name':'job-1'}}");

        Assert.Empty(CustomResourceValidation.Validate(schema, obj, null));
    }
}
