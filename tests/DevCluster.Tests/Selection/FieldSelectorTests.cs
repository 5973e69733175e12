using System.Text.Json.Nodes;
using KubeTune.DevCluster.Selection;
using KubeTune.DevCluster.Storage;

namespace KubeTune.DevCluster.Tests.Selection;

public sealed class FieldSelectorTests
{
    private static readonly ResourceType CoreEvents = BuiltIn("events");
    private static readonly ResourceType Pods = BuiltIn("pods");

    private static readonly JsonObject CoreEvent = JsonNode.Parse("""
        {
          "metadata": { "name": "job-a.17f", "namespace": "team" },
          "involvedObject": { "apiVersion": "kubetune.io/v1alpha1", "kind": "FineTuneJob", "name": "job-a", "namespace": "team",
                              "uid": "u-1", "resourceVersion": "42", "fieldPath": "spec.trainer" },
          "reason": "Started", "type": "Normal", "reportingComponent": "kubetune-operator",
          "source": { "component": "kubetune-operator" }
        }
        """)!.AsObject();

    private static readonly JsonObject Pod = JsonNode.Parse("""
        {
          "metadata": { "name": "trainer-0", "namespace": "team" },
          "spec": { "nodeName": "node-1", "restartPolicy": "Never", "schedulerName": "default-scheduler", "serviceAccountName": "trainer" },
          "status": { "phase": "Running", "podIP": "10.0.0.9", "podIPs": [ { "ip": "10.0.0.7" } ] }
        }
        """)!.AsObject();

    [Theory]
    [InlineData("involvedObject.kind=FineTuneJob,involvedObject.name=job-a,involvedObject.namespace=team,involvedObject.uid=u-1", true)]
    [InlineData("involvedObject.uid=u-1,involvedObject.name=job-a,involvedObject.namespace=team,involvedObject.kind=FineTuneJob", true)]
    [InlineData("involvedObject.name=job-b", false)]
    [InlineData("involvedObject.name!=job-b", true)]
    [InlineData("involvedObject.name==job-a", true)]
    [InlineData("involvedObject.uid=u-2", false)]
    [InlineData("involvedObject.apiVersion=kubetune.io/v1alpha1,involvedObject.resourceVersion=42", true)]
    [InlineData("involvedObject.fieldPath=spec.trainer", true)]
    [InlineData("reason=Started,type=Normal", true)]
    [InlineData("type=Warning", false)]
    [InlineData("type!=Warning", true)]
    [InlineData("source=kubetune-operator,reportingComponent=kubetune-operator", true)]
    [InlineData("metadata.name=job-a.17f,metadata.namespace=team", true)]
    [InlineData("reason=", false)]
    [InlineData("", true)]
    public void Matches_CoreEventRequirements_SelectsAsKubernetesDoes(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, CoreEvents).Matches(CoreEvent));

    [Theory]
    [InlineData("spec.nodeName=node-1", true)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("status.phase=Running", true)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("status.phase!=Succeeded,status.phase!=Failed", true)]
    [InlineData("spec.restartPolicy=Never,spec.schedulerName=default-scheduler,spec.serviceAccountName=trainer", true)]
    [InlineData("status.podIP=10.0.0.7", true)]
    [InlineData("spec.hostNetwork=false", true)]
    public void Matches_PodRequirements_SelectsAsKubernetesDoes(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, Pods).Matches(Pod));

    [Fact]
    public void Matches_UnscheduledPodWithEmptyNodeName_SelectsIt()
    {
        var pending = JsonNode.Parse("""{ "metadata": { "name": "p" }, "status": { "phase": "Pending" } }""")!.AsObject();

        Assert.True(FieldSelector.Parse("spec.nodeName=,status.phase=Pending", Pods).Matches(pending));
    }

    [Fact]
    public void Matches_EventsApiEvent_SelectsOnRegardingReasonTypeAndSource()
    {
        var evt = JsonNode.Parse("""
            { "metadata": { "name": "e", "namespace": "team" }, "regarding": { "kind": "Pod", "name": "trainer-0", "uid": "u-9" },
              "reason": "Killing", "type": "Warning", "reportingController": "kubelet" }
            """)!.AsObject();
        var eventsApi = BuiltIn("events.events.k8s.io");

        Assert.True(FieldSelector.Parse("regarding.kind=Pod,regarding.name=trainer-0,regarding.uid=u-9,reason=Killing,type=Warning", eventsApi).Matches(evt));
        Assert.True(FieldSelector.Parse("source=kubelet,reportingController=kubelet", eventsApi).Matches(evt));
        Assert.False(FieldSelector.Parse("regarding.name=other", eventsApi).Matches(evt));
    }

    [Fact]
    public void Matches_SecretNamespaceAndJobFields_ReadTheirKindsFields()
    {
        var secret = JsonNode.Parse("""{ "metadata": { "name": "s" }, "type": "kubernetes.io/service-account-token" }""")!.AsObject();
        var terminating = JsonNode.Parse("""{ "metadata": { "name": "n" }, "status": { "phase": "Terminating" } }""")!.AsObject();
        var freshJob = JsonNode.Parse("""{ "metadata": { "name": "j" }, "status": {} }""")!.AsObject();
        var doneJob = JsonNode.Parse("""{ "metadata": { "name": "j" }, "status": { "succeeded": 1 } }""")!.AsObject();

        Assert.True(FieldSelector.Parse("type=kubernetes.io/service-account-token", BuiltIn("secrets")).Matches(secret));
        Assert.True(FieldSelector.Parse("status.phase=Terminating", BuiltIn("namespaces")).Matches(terminating));
        Assert.True(FieldSelector.Parse("status.successful=0", BuiltIn("jobs.batch")).Matches(freshJob));
        Assert.True(FieldSelector.Parse("status.successful=1", BuiltIn("jobs.batch")).Matches(doneJob));
    }

    [Fact]
    public void Matches_CustomResourceSelectableField_SelectsOnItsJsonPath()
    {
        var widgets = new ResourceType("test.kubetune.io", "v1", "widgets", "widget", "Widget", Namespaced: true) { IsCustom = true, SelectableFields = ["spec.color"] };
        var red = JsonNode.Parse("""{ "metadata": { "name": "w" }, "spec": { "color": "red" } }""")!.AsObject();

        Assert.True(FieldSelector.Parse("spec.color=red", widgets).Matches(red));
        Assert.False(FieldSelector.Parse("spec.color=blue", widgets).Matches(red));
        Assert.Throws<StatusException>(() => FieldSelector.Parse("spec.size=1", widgets));
    }

    [Theory]
    [InlineData("involvedObject.name=job-a", "pods", "involvedObject.name")]
    [InlineData("spec.nodeName=node-1", "configmaps", "spec.nodeName")]
    [InlineData("status.phase=Running", "events", "status.phase")]
    [InlineData("involvedObject.name=x", "events.events.k8s.io", "involvedObject.name")]
    public void For_FieldTheKindLacks_Throws400FieldLabelNotSupported(string selector, string resource, string field)
    {
        var error = Assert.Throws<StatusException>(() => FieldSelector.Parse(selector, BuiltIn(resource)));

        Assert.Equal(400, error.Code);
        Assert.Equal($"field label not supported: {field}", error.Message);
    }

    [Fact]
    public void Parse_EscapedCommaAndEqualsInValue_KeepOneRequirementWithTheLiteralValue()
    {
        var selector = FieldSelector.Parse(@"reason=a\,b\=c\\d,type=Normal");

        Assert.Equal([new FieldRequirement("reason", true, @"a,b=c\d"), new FieldRequirement("type", true, "Normal")], selector.Requirements);
    }

    [Theory]
    [InlineData("involvedObject.name", "can't understand 'involvedObject.name'")]
    [InlineData("=job-a", "can't understand '=job-a'")]
    [InlineData("reason=a=b", "unescaped character in value: =")]
    [InlineData(@"reason=a\x", @"invalid escape sequence: \x")]
    public void Parse_MalformedRequirement_Throws400NamingTheProblem(string selector, string expected)
    {
        var error = Assert.Throws<StatusException>(() => FieldSelector.Parse(selector));

        Assert.Equal(400, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static ResourceType BuiltIn(string groupResource) =>
        BuiltInResources.All.First(type => type.GroupResource == groupResource);
}
