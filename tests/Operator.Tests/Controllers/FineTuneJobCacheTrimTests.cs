using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;

namespace KubeTune.Operator.Tests.Controllers;

public sealed class FineTuneJobCacheTrimTests
{
    [Fact]
    public void Apply_TwoJobsReadFromTheWire_ShareTheirRepeatedStatusAndMetadataStrings()
    {
        var first = FromWire("bert-a");
        var second = FromWire("bert-b");

        FineTuneJobCacheTrim.Apply(first);
        FineTuneJobCacheTrim.Apply(second);

        var (firstCondition, secondCondition) = (first.Status!.Conditions!.Single(), second.Status!.Conditions!.Single());
        Assert.Same(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);
        Assert.Same(first.Status.Phase, second.Status.Phase);
        Assert.Same(firstCondition.Type, secondCondition.Type);
        Assert.Same(firstCondition.Reason, secondCondition.Reason);
        Assert.Same(first.Metadata.Labels.Keys.Single(), second.Metadata.Labels.Keys.Single());
        Assert.Equal("bert-b", second.Metadata.Labels["team"]);
        Assert.Equal("created Job bert-b", secondCondition.Message);
        Assert.Null(second.Metadata.ManagedFields);
    }

    // Deserialized like an informer's watch event: every string is its own instance.
    private static FineTuneJob FromWire(string name)
    {
        var job = TestObjects.FineTuneJob(name);
        job.Metadata.Labels = new Dictionary<string, string> { ["team"] = name };
        job.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }];
        job.Status = new FineTuneJobStatus
        {
            Phase = FineTuneJobPhase.Pending,
            Conditions = [new V1Condition { Type = ConditionTypes.Accepted, Status = "True", Reason = ConditionReasons.Valid, Message = $"created Job {name}", LastTransitionTime = TestObjects.Now }],
        };
        return KubernetesJson.Deserialize<FineTuneJob>(KubernetesJson.Serialize(job));
    }
}
