using KubeTune.E2E.Tests.Support;

namespace KubeTune.E2E.Tests;

/// <summary>The trainer image (scripts/images.sh) as a container, the way the operator's pod runs it, on the tiny job.</summary>
public sealed class TrainerImageContainerTests
{
    [SkippableFact]
    public async Task Train_TinyJobAsUid1654ReadOnlyRootNoNetwork_ExitsZeroWithOutputThatLoads()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ContainerImages.Trainer);
        Skip.If(reason is not null, reason);
        var work = Directory.CreateTempSubdirectory("kubetune-e2e-trainer-").FullName;
        try
        {
            var claim = TinyJob.StageFiles(work);

            var train = await TrainerContainerRun.TrainAsync(TinyJob.Manifest, claim, work);

            Assert.True(train.ExitCode == 0, $"the trainer container exited {train.ExitCode}\n{train.Stdout}\n{train.Stderr}");
            var output = Path.Combine(claim, "output");
            Assert.True(File.Exists(Path.Combine(output, "model.safetensors")), $"no model.safetensors in {output}: {string.Join(", ", Directory.EnumerateFileSystemEntries(output))}");
            var forward = await TrainerContainerRun.ForwardAsync(output, work);
            Assert.True(forward.ExitCode == 0, $"the trained model did not load: forward exited {forward.ExitCode}\n{forward.Stdout}\n{forward.Stderr}");
            var logits = TinySafetensors.Header(Path.Combine(work, "logits", "logits.safetensors"))["logits"]!;
            Assert.Equal("[1,2]", logits["shape"]!.ToJsonString());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Train_BadJob_ExitsTwoNamingTheField()
    {
        var reason = await ContainerImages.ReasonToSkipAsync(ContainerImages.Trainer);
        Skip.If(reason is not null, reason);
        var work = Directory.CreateTempSubdirectory("kubetune-e2e-trainer-").FullName;
        try
        {
            var claim = TinyJob.StageFiles(work);

            var train = await TrainerContainerRun.TrainAsync(TinyJob.Manifest, claim, work, config =>
            {
                config["spec"]!["dataset"]!["fields"]!["text"] = "no_such_column";
                return config;
            });

            Assert.True(train.ExitCode == 2, $"expected exit code 2 (invalid input), got {train.ExitCode}\n{train.Stdout}\n{train.Stderr}");
            Assert.Contains("no_such_column", train.Stderr, StringComparison.Ordinal);
            Assert.Contains("dataset.fields.text", train.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", train.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(claim, "output", "model.safetensors")), "a bad job must not leave an output");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
