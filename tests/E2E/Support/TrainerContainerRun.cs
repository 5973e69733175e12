using System.Text.Json.Nodes;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers.Builders;
using KubeTune.Contracts;

namespace KubeTune.E2E.Tests.Support;

/// <summary>
/// The trainer image run as the operator's pod runs it, without a cluster: the job.json the operator renders mounted
/// at /etc/kubetune/job.json, the claim's folders mounted where the operator's layout puts them (model and data
/// read-only, output and checkpoints writable), uid 1654, read-only root, a tmpfs /tmp and no network.
/// </summary>
internal static class TrainerContainerRun
{
    /// <summary>Runs the image's entrypoint (train) with the manifest's job.json; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> TrainAsync(string manifest, string claimDirectory, string workDirectory, Func<JsonObject, JsonObject>? editConfig = null)
    {
        var job = KubernetesJson.Deserialize<FineTuneJob>(YamlJson.Parse(manifest, "the tiny job")!.ToJsonString());
        var layout = WorkspaceLayout.For(job.Spec.Model.Uri, job.Spec.Dataset.Uri, job.Spec.Dataset.ValidationUri, job.Spec.Output.Uri);
        var config = JsonNode.Parse(TrainerConfigRenderer.Render(job, layout))!.AsObject();
        var configFile = Path.Combine(workDirectory, TrainerPaths.ConfigFileName);
        await File.WriteAllTextAsync(configFile, (editConfig?.Invoke(config) ?? config).ToJsonString());

        var mounts = new List<string> { "--mount", $"type=bind,source={configFile},target={TrainerPaths.ConfigFile},readonly=true" };
        foreach (var mount in layout.Mounts)
        {
            var host = Path.Combine(claimDirectory, mount.SubPath);
            if (!mount.ReadOnly)
            {
                // As the dev cluster's kubelet does for a claim: a writable folder any runAsUser can write.
                Directory.CreateDirectory(host);
                MakeWorldWritable(host);
            }

            mounts.AddRange(["--mount", $"type=bind,source={host},target={mount.MountPath}" + (mount.ReadOnly ? ",readonly=true" : "")]);
        }

        return await ContainerImages.PodmanAsync([
            "--runtime", "runc", "run", "--rm", "--pull", "never", "--network", "none",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096",
            "--user", "1654:1654", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--env", "OMP_NUM_THREADS=1",
            .. mounts,
            ContainerImages.Trainer,
        ]);
    }

    /// <summary>Loads <paramref name="modelDirectory"/> with the image's own <c>forward</c> command on one tokenised sentence; returns its output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> ForwardAsync(string modelDirectory, string workDirectory)
    {
        var inputs = Path.Combine(workDirectory, "inputs.safetensors");
        await File.WriteAllBytesAsync(inputs, TinySafetensors.Int64("input_ids", [1, 4], [2, 5, 6, 3]));
        var logits = Directory.CreateDirectory(Path.Combine(workDirectory, "logits")).FullName;
        MakeWorldWritable(logits);
        return await ContainerImages.PodmanAsync([
            "--runtime", "runc", "run", "--rm", "--pull", "never", "--network", "none",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096",
            "--user", "1654:1654", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp",
            "--mount", $"type=bind,source={modelDirectory},target=/model,readonly=true",
            "--mount", $"type=bind,source={inputs},target=/in/inputs.safetensors,readonly=true",
            "--mount", $"type=bind,source={logits},target=/out",
            "--entrypoint", "[\"dotnet\", \"/app/KubeTune.Trainer.dll\"]",
            ContainerImages.Trainer,
            "forward", "--model", "/model", "--inputs", "/in/inputs.safetensors", "--output", "/out/logits.safetensors",
        ]);
    }

    private static void MakeWorldWritable(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }
    }
}
