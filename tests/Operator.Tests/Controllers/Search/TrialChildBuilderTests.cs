using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Operator.Controllers.Search;
using static KubeTune.Operator.Tests.Controllers.Search.SearchObjects;

namespace KubeTune.Operator.Tests.Controllers.Search;

public sealed class TrialChildBuilderTests
{
    [Fact]
    public void Build_TrialThree_NamesLabelsAndConfiguresItsOwnChildren()
    {
        var job = Job(NewSearch(SearchAlgorithm.Grid, 8, 2, ("learningRate", Values(1e-4, 3e-4)), ("loraR", Values(4, 16))));
        var parameters = SearchSpace.ParametersOf(job.Spec, 3);

        var (configMap, trialJob) = TrialChildBuilder.Build(TrialSpec.For(job, 3, parameters), 3, BuildSettings.Default, suspend: false);

        Assert.Equal("bert-search-t3", trialJob.Metadata.Name);
        Assert.Equal("bert-search-t3-config", configMap.Metadata.Name);
        Assert.Equal("3", trialJob.Spec.Template.Metadata.Labels[TrialNames.TrialLabel]);
        Assert.Equal("bert-search", trialJob.Spec.Template.Metadata.Labels[ChildLabels.Job]);
        Assert.Equal("bert-search-t3-config", Assert.Single(trialJob.Spec.Template.Spec.Volumes, volume => volume.ConfigMap is not null).ConfigMap.Name);
        Assert.Equal("bert-search", Assert.Single(trialJob.Metadata.OwnerReferences).Name);
        var config = System.Text.Json.Nodes.JsonNode.Parse(configMap.Data[TrainerPaths.ConfigFileName])!;
        Assert.Equal(3e-4, config["spec"]!["hyperparameters"]!["learningRate"]!.GetValue<double>());
        Assert.Equal(16, config["spec"]!["method"]!["lora"]!["r"]!.GetValue<int>());
        Assert.Null(config["spec"]!["search"]);
        Assert.Equal("pvc://models/bert-sst2/trials/t3", config["spec"]!["output"]!["uri"]!.GetValue<string>());
        Assert.Contains(trialJob.Spec.Template.Spec.Containers[0].VolumeMounts, mount => mount.SubPath == "bert-sst2/trials/t3");
    }

    [Fact]
    public void Build_AshaRungOne_RunsAsItsOwnJobStoppingAtTheRungWithRungZerosOutputAndCheckpoints()
    {
        var job = Job(NewSearch(SearchAlgorithm.Asha, 8, 2, ("learningRate", Values(1e-4, 3e-4))));
        var parameters = SearchSpace.ParametersOf(job.Spec, 2);
        var (_, rungZero) = TrialChildBuilder.Build(TrialSpec.For(job, 2, parameters), 2, BuildSettings.Default, suspend: false, rung: 0, stopAtStep: 10);

        var (configMap, rungOne) = TrialChildBuilder.Build(TrialSpec.For(job, 2, parameters), 2, BuildSettings.Default, suspend: false, rung: 1, stopAtStep: 30);

        Assert.Equal("bert-search-t2-r1", rungOne.Metadata.Name);
        Assert.Equal("bert-search-t2-r1-config", configMap.Metadata.Name);
        Assert.Equal(("2", "1"), (rungOne.Spec.Template.Metadata.Labels[TrialNames.TrialLabel], rungOne.Spec.Template.Metadata.Labels[TrialNames.RungLabel]));
        Assert.Equal(1, TrialNames.RungOf(rungOne.Metadata.Labels));
        var config = System.Text.Json.Nodes.JsonNode.Parse(configMap.Data[TrainerPaths.ConfigFileName])!;
        Assert.Equal(30, config["stopAtStep"]!.GetValue<long>());
        Assert.Equal(
            rungZero.Spec.Template.Spec.Containers[0].VolumeMounts.Select(mount => (mount.MountPath, mount.SubPath)),
            rungOne.Spec.Template.Spec.Containers[0].VolumeMounts.Select(mount => (mount.MountPath, mount.SubPath)));
        Assert.Contains(rungOne.Spec.Template.Spec.Containers[0].VolumeMounts, mount => mount.MountPath == TrainerPaths.Checkpoints && mount.SubPath == "bert-sst2/trials/t2-checkpoints");
    }

    [Fact]
    public void For_AppliesParametersToACopy_LeavingTheSearchJobUnchanged()
    {
        var job = Job(NewSearch(SearchAlgorithm.Random, 8, 2, ("batchSize", Values(32)), ("epochs", Values(5))));
        job.Spec.Hyperparameters!.MaxSteps = 100;
        job.Spec.Hyperparameters.Epochs = null;

        var trial = TrialSpec.For(job, 0, SearchSpace.ParametersOf(job.Spec, 0));

        Assert.Equal((32, 5, (long?)null), (trial.Spec.Hyperparameters!.BatchSize, trial.Spec.Hyperparameters.Epochs, trial.Spec.Hyperparameters.MaxSteps));
        Assert.Equal((16, (int?)null, (long?)100), (job.Spec.Hyperparameters.BatchSize, job.Spec.Hyperparameters.Epochs, job.Spec.Hyperparameters.MaxSteps));
        Assert.NotNull(job.Spec.Search);
        Assert.Equal(job.Metadata.Uid, trial.Metadata.Uid);
    }
}
