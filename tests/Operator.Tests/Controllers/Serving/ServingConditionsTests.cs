using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Serving;

namespace KubeTune.Operator.Tests.Controllers.Serving;

public sealed class ServingConditionsTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string, string, string, bool, string, string?> Observations => new()
    {
        // case, the InferenceService's status (null: none), owned, expected status, reason, url
        { "ready", """{"url":"http://m.ns.example.com","conditions":[{"type":"Ready","status":"True"}]}""", "owned", true, ConditionReasons.InferenceServiceReady, "http://m.ns.example.com" },
        { "starting", """{"conditions":[{"type":"Ready","status":"False","reason":"PredictorNotReady"}]}""", "owned", false, ConditionReasons.InferenceServiceNotReady, null },
        { "no status yet", "", "owned", false, ConditionReasons.InferenceServiceNotReady, null },
        { "model failed", """{"conditions":[{"type":"Ready","status":"False"}],"modelStatus":{"lastFailureInfo":{"reason":"ModelLoadFailed","message":"config.json not found"}}}""", "owned", false, ConditionReasons.InferenceServiceFailed, null },
        { "someone else's", """{"conditions":[{"type":"Ready","status":"True"}]}""", "foreign", false, ConditionReasons.InferenceServiceConflict, null },
    };

    [Theory]
    [MemberData(nameof(Observations))]
    public void Apply_ObservedInferenceService_ServingConditionAndStatusFollowKServesReadyCondition(string name, string serviceStatus, string owner, bool ready, string reason, string? url)
    {
        var service = JsonDocument.Parse(serviceStatus.Length == 0 ? "{}" : $$"""{"status":{{serviceStatus}}}""").RootElement;
        var status = new FineTuneJobStatus { Phase = FineTuneJobPhase.Succeeded };

        var recheck = ServingConditions.Apply(status, ServingObservation.Observed("m", service, owner == "owned"), 3, Now);

        var condition = Assert.Single(status.Conditions!);
        Assert.True((ConditionTypes.Serving, ready ? "True" : "False", reason) == (condition.Type, condition.Status, condition.Reason), name);
        Assert.Equal(url, status.Serving!.Url);
        Assert.Equal(ready, status.Serving.Ready);
        Assert.Equal(ready ? null : ServingConditions.NotReadyRecheck, recheck);
        Assert.Equal(FineTuneJobPhase.Succeeded, status.Phase);
    }

    [Fact]
    public void Apply_KServeNotInstalled_FalseKServeNotInstalledRecheckedLaterAndThePhaseUntouched()
    {
        var status = new FineTuneJobStatus { Phase = FineTuneJobPhase.Succeeded };

        var recheck = ServingConditions.Apply(status, ServingObservation.NotInstalled("m"), 1, Now);

        var condition = Assert.Single(status.Conditions!);
        Assert.Equal(("False", ConditionReasons.KServeNotInstalled), (condition.Status, condition.Reason));
        Assert.Contains("install KServe", condition.Message, StringComparison.Ordinal);
        Assert.Equal(ServingConditions.NotInstalledRecheck, recheck);
        Assert.Equal(FineTuneJobPhase.Succeeded, status.Phase);
        Assert.Null(status.Serving!.InferenceService);
    }

    [Fact]
    public void Apply_ReadyAfterNotReady_LastTransitionTimeMovesOnlyOnTheFlip()
    {
        var status = new FineTuneJobStatus();
        var notReady = JsonDocument.Parse("""{"status":{"conditions":[{"type":"Ready","status":"False"}]}}""").RootElement;
        var ready = JsonDocument.Parse("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""").RootElement;

        ServingConditions.Apply(status, ServingObservation.Observed("m", notReady, true), 1, Now);
        ServingConditions.Apply(status, ServingObservation.Observed("m", notReady, true), 1, Now.AddMinutes(1));
        ServingConditions.Apply(status, ServingObservation.Observed("m", ready, true), 1, Now.AddMinutes(2));

        Assert.Equal(Now.AddMinutes(2), status.Conditions!.Single().LastTransitionTime);
    }
}
