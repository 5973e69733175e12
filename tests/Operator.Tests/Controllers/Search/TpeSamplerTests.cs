using System.Text.Json;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class TpeSamplerTests
{
    private static SearchSpec Tpe(params (string Name, SearchParameter Space)[] parameters)
    {
        var search = NewSearch(SearchAlgorithm.Tpe, 40, 1, parameters);
        search.StartupTrials = 4;
        return search;
    }

    private static TpeObservation Seen(double objective, params (string Name, object Value)[] parameters) =>
        new(parameters.ToDictionary(pair => pair.Name, pair => JsonSerializer.SerializeToElement(pair.Value), StringComparer.Ordinal), objective);

    /// <summary>Twelve finished trials: the three lowest losses had learning rates near 1e-3, batch size 16 and scheduler cosine.</summary>
    private static List<TpeObservation> History() =>
    [
        Seen(0.20, ("learningRate", 1.1e-3), ("batchSize", 16), ("scheduler", "cosine"), ("loraR", 12)),
        Seen(0.22, ("learningRate", 0.9e-3), ("batchSize", 16), ("scheduler", "cosine"), ("loraR", 13)),
        Seen(0.25, ("learningRate", 1.3e-3), ("batchSize", 16), ("scheduler", "cosine"), ("loraR", 11)),
        .. Enumerable.Range(0, 9).Select(i => Seen(0.6 + (i * 0.03), ("learningRate", i % 2 == 0 ? 2e-5 * (i + 1) : 2e-2 + (i * 1e-3)), ("batchSize", i % 2 == 0 ? 8 : 32), ("scheduler", i % 2 == 0 ? "linear" : "constant"), ("loraR", 2 + (i % 3)))),
    ];

    private static SearchSpec Space() => Tpe(
        ("learningRate", Range(1e-5, 1e-1, "log")),
        ("batchSize", Values(8, 16, 32)),
        ("scheduler", Values("linear", "cosine", "constant")),
        ("loraR", Range(1, 32)));

    [Fact]
    public void Sample_FewerFinishedThanStartupTrials_LeavesTheTrialToRandomSearch()
    {
        Assert.Null(TpeSampler.Sample(Space(), 7, 3, History().Take(3).ToList()));
    }

    [Fact]
    public void Sample_ClusteredGoodTrials_DrawsMostTrialsNearThem()
    {
        var samples = Enumerable.Range(12, 40).Select(trial => TpeSampler.Sample(Space(), 7, trial, History())!).ToList();

        var nearGood = samples.Count(sample => sample["learningRate"].GetDouble() is > 2e-4 and < 5e-3);
        Assert.True(nearGood >= 30, $"{nearGood} of 40 learning rates near 1e-3");
        Assert.True(samples.Count(sample => sample["batchSize"].GetInt32() == 16) >= 30);
        Assert.True(samples.Count(sample => sample["scheduler"].GetString() == "cosine") >= 30);
        Assert.True(samples.Count(sample => sample["loraR"].GetInt32() is >= 8 and <= 16) >= 30);
    }

    [Fact]
    public void Sample_AnyHistory_StaysInTheSpaceWithWholeNumbersForIntegers()
    {
        foreach (var trial in Enumerable.Range(12, 60))
        {
            var sample = TpeSampler.Sample(Space(), 11, trial, History())!;

            Assert.InRange(sample["learningRate"].GetDouble(), 1e-5, 1e-1);
            Assert.Contains(sample["batchSize"].GetInt32(), new[] { 8, 16, 32 });
            Assert.Contains(sample["scheduler"].GetString(), new[] { "linear", "cosine", "constant" });
            Assert.True(sample["loraR"].TryGetInt32(out var rank) && rank is >= 1 and <= 32, sample["loraR"].GetRawText());
        }
    }

    [Fact]
    public void Sample_SameSeedTrialAndHistory_IsTheSameAndAnotherTrialDiffers()
    {
        var first = TpeSampler.Sample(Space(), 7, 12, History())!;
        var again = TpeSampler.Sample(Space(), 7, 12, History())!;
        var next = TpeSampler.Sample(Space(), 7, 13, History())!;

        Assert.Equal(TrialSpec.Describe(first), TrialSpec.Describe(again));
        Assert.NotEqual(first["learningRate"].GetDouble(), next["learningRate"].GetDouble());
    }

    [Fact]
    public void Sample_Maximize_ModelsTheHighestObjectivesAsGood()
    {
        var space = Space();
        space.Objective.Goal = ObjectiveGoal.Maximize;

        var samples = Enumerable.Range(12, 40).Select(trial => TpeSampler.Sample(space, 7, trial, History())!).ToList();

        Assert.True(samples.Count(sample => sample["batchSize"].GetInt32() == 16) <= 10);
    }

    [Fact]
    public void ParametersOf_TpeSearch_ReadsItsHistoryFromTheSucceededTrialsOfStatus()
    {
        var job = Job(Space());
        var finished = History().Select((seen, k) => new TrialStatus
        {
            Name = $"bert-search-t{k}",
            Phase = TrialPhase.Succeeded,
            Objective = seen.Objective,
            Parameters = seen.Parameters.ToDictionary(),
        }).ToList();
        var failed = finished.Select(trial => new TrialStatus { Name = trial.Name, Phase = TrialPhase.Failed, Objective = trial.Objective, Parameters = trial.Parameters }).ToList();

        Assert.Equal(TrialSpec.Describe(TpeSampler.Sample(job.Spec.Search!, 7, 12, History())), TrialSpec.Describe(SearchSpace.ParametersOf(job.Spec, 12, finished)));
        Assert.Equal(TrialSpec.Describe(SearchSpace.ParametersOf(job.Spec, 12)), TrialSpec.Describe(SearchSpace.ParametersOf(job.Spec, 12, failed)));
    }
}
