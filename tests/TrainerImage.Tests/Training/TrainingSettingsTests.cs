using KubeTune.Trainer.Configuration;
using KubeTune.Trainer.Training;

namespace KubeTune.Trainer.Tests.Training;

public sealed class TrainingSettingsTests
{
    private const string Manifest = """
        apiVersion: kubetune.io/v1alpha1
        kind: FineTuneJob
        metadata: {name: sst2}
        spec:
          model: {uri: file:///models/bert}
          task: text-classification
          dataset: {uri: file:///data/train.jsonl, validationSplit: 0.2}
          output: {uri: file:///out/sst2}
          hyperparameters: {evalSteps: 25}
        """;

    [Fact]
    public void FromConfig_EvalStepsInConfig_SetsTheEvaluationCadence()
    {
        var settings = TrainingSettings.FromConfig(TrainerConfigLoader.Parse(Manifest, "job.yaml"));

        Assert.Equal(25, settings.EvalSteps);
    }

    [Fact]
    public void FromConfig_EvalStepsOption_OverridesTheConfig()
    {
        var settings = TrainingSettings.FromConfig(TrainerConfigLoader.Parse(Manifest, "job.yaml"), evalSteps: 5);

        Assert.Equal(5, settings.EvalSteps);
    }
}
