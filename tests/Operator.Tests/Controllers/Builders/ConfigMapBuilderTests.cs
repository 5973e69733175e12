using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;

namespace KubeTune.Operator.Tests.Controllers.Builders;

/// <summary>The job's ConfigMap carries the progress CA when the operator has one; the pod mounts it where the trainer looks.</summary>
public sealed class ConfigMapBuilderTests
{
    private const string CaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    [Theory]
    [InlineData(null)]
    [InlineData(CaPem)]
    public void Build_ProgressCa_InTheJobsConfigMapAndMountedAtTheTrainersCaPath(string? caPem)
    {
        var job = TestObjects.FineTuneJob();
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        var config = TrainerConfigRenderer.Render(job, layout);
        var settings = BuildSettings.Default with { ProgressBaseUrl = caPem is null ? "http://operator:8082" : "https://operator.ns.svc:8082", ProgressCaPem = caPem };

        var configMap = ConfigMapBuilder.Build(job, config, settings.ProgressCaPem);
        var pod = TrainerJobBuilder.Build(job, layout, config, settings, suspend: false).Spec.Template.Spec;

        var trainer = Assert.Single(pod.Containers);
        var caVariable = trainer.Env.SingleOrDefault(variable => variable.Name == TrainerEnvironment.ProgressCaFile);
        if (caPem is null)
        {
            Assert.False(configMap.Data.ContainsKey(TrainerPaths.ProgressCaFileName));
            Assert.Null(caVariable);
            return;
        }

        Assert.Equal(caPem, configMap.Data[TrainerPaths.ProgressCaFileName]);
        Assert.Equal(TrainerPaths.ProgressCaFile, caVariable!.Value);
        // The config volume is the job's ConfigMap, mounted whole (no subPath) so that a new CA reaches a running pod.
        var volume = Assert.Single(pod.Volumes, volume => volume.ConfigMap?.Name == configMap.Metadata.Name);
        var mount = Assert.Single(trainer.VolumeMounts, mount => mount.Name == volume.Name);
        Assert.Equal(TrainerPaths.ProgressCaFile, $"{mount.MountPath}/{TrainerPaths.ProgressCaFileName}");
        Assert.Null(mount.SubPath);
        Assert.Equal(configMap.Metadata.OwnerReferences.Single().Uid, job.Metadata.Uid);
    }

    [Fact]
    public void Build_CaChanges_ContentHashChangesSoTheConfigMapIsUpdated()
    {
        var job = TestObjects.FineTuneJob();

        var without = ConfigMapBuilder.Build(job, "{}");
        var first = ConfigMapBuilder.Build(job, "{}", CaPem);
        var second = ConfigMapBuilder.Build(job, "{}", CaPem.Replace("MIIB", "MIIC", StringComparison.Ordinal));

        Assert.Equal(3, new[] { without, first, second }.Select(map => map.Metadata.Annotations[ChildLabels.SpecHash]).Distinct().Count());
    }
}
