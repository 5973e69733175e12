using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class BestTrialSelectorTests
{
    private static readonly TrialStatus[] Trials =
    [
        new() { Name = "j-t0", Phase = TrialPhase.Succeeded, Objective = 0.5 },
        new() { Name = "j-t1", Phase = TrialPhase.Succeeded, Objective = 0.3 },
        new() { Name = "j-t2", Phase = TrialPhase.Failed, Objective = 0.1 },
        new() { Name = "j-t3", Phase = TrialPhase.EarlyStopped, Objective = 0.05 },
        new() { Name = "j-t4", Phase = TrialPhase.Succeeded, Objective = 0.8 },
        new() { Name = "j-t5", Phase = TrialPhase.Succeeded },
        new() { Name = "j-t6", Phase = TrialPhase.Running, Objective = 0.01 },
    ];

    [Theory]
    [InlineData(ObjectiveGoal.Minimize, "j-t1")]
    [InlineData(null, "j-t1")]
    [InlineData(ObjectiveGoal.Maximize, "j-t4")]
    public void Select_OnlySucceededTrialsWithAnObjectiveCount(string? goal, string expected)
    {
        Assert.Equal(expected, BestTrialSelector.Select(Trials, goal)?.Name);
    }

    [Fact]
    public void Select_Tie_GoesToTheEarlierTrial()
    {
        TrialStatus[] tied = [new() { Name = "j-t0", Phase = TrialPhase.Succeeded, Objective = 0.3 }, new() { Name = "j-t1", Phase = TrialPhase.Succeeded, Objective = 0.3 }];

        Assert.Equal("j-t0", BestTrialSelector.Select(tied, ObjectiveGoal.Minimize)?.Name);
    }

    [Fact]
    public void Select_NoSucceededTrial_IsNull()
    {
        Assert.Null(BestTrialSelector.Select(Trials.Where(trial => trial.Phase != TrialPhase.Succeeded), ObjectiveGoal.Minimize));
    }
}
