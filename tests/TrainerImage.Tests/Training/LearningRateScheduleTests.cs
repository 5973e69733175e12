using System.Text.Json;
using KubeTune.Trainer.Tests.Models;
using KubeTune.Trainer.Training;

namespace KubeTune.Trainer.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("cosine")]
    [InlineData("constant")]
    public void At_EveryStep_EqualsTransformersSchedule(string kind)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(HfReferenceFixture.Root, "lr_schedules.json")));
        var reference = document.RootElement.GetProperty(kind);
        var total = reference.GetProperty("total").GetInt32();
        var warmup = reference.GetProperty("warmup").GetInt32();
        var expected = reference.GetProperty("lrs").EnumerateArray().Select(value => value.GetDouble()).ToList();

        var schedule = LearningRateSchedule.Create(kind, reference.GetProperty("base_lr").GetDouble(), (double)warmup / total, total);

        Assert.Equal(warmup, schedule.WarmupSteps);
        Assert.Equal(total, expected.Count);
        for (var step = 0; step < total; step++)
        {
            Assert.True(Math.Abs(expected[step] - schedule.At(step)) <= 1e-12, $"{kind} step {step}: expected {expected[step]}, got {schedule.At(step)}");
        }
    }

    [Theory]
    [InlineData(0.03, 100, 3)]
    [InlineData(0.03, 101, 4)]
    [InlineData(0.0, 50, 0)]
    public void WarmupStepsFor_Ratio_RoundsUpLikeTheTrainer(double ratio, int total, int expected) =>
        Assert.Equal(expected, LearningRateSchedule.WarmupStepsFor(ratio, total));

    [Fact]
    public void Create_UnknownScheduler_NamesTheFieldAndChoices()
    {
        var error = Assert.Throws<InvalidInputException>(() => LearningRateSchedule.Create("polynomial", 1e-4, 0, 10));
        Assert.Contains("hyperparameters.scheduler", error.Message);
        Assert.Contains("cosine", error.Message);
    }
}
