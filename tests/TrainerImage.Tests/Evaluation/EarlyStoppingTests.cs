using KubeTune.Trainer.Evaluation;

namespace KubeTune.Trainer.Tests.Evaluation;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void Observe_LossStopsImproving_StopsAfterPatienceEvaluations()
    {
        var stopping = new EarlyStopping("eval_loss", patience: 2);

        Assert.True(stopping.Observe(1.0, 10));
        Assert.True(stopping.Observe(0.8, 20));
        Assert.False(stopping.Observe(0.9, 30));
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Observe(0.8, 40));

        Assert.True(stopping.ShouldStop);
        Assert.Equal(20, stopping.BestStep);
    }

    [Fact]
    public void Observe_Accuracy_HigherIsBetter()
    {
        var stopping = new EarlyStopping("eval_accuracy", patience: 1);

        stopping.Observe(0.5, 1);
        Assert.True(stopping.Observe(0.7, 2));
        Assert.False(stopping.Observe(0.6, 3));
        Assert.Equal(0.7, stopping.Best);
    }
}
