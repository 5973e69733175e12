using KubeTune.DevCluster.Http;
using Testcontainers.K3s;

namespace KubeTune.E2E.Tests.Support;

/// <summary>
/// A real K3s in a container (Testcontainers): the operator and trainer images are built from the repository's
/// Dockerfiles with the local engine and imported into K3s, and the install is the Deployment from config/default.
/// </summary>
internal sealed class K3sE2E : IE2ECluster
{
    public const string K3sImage = "rancher/k3s:v1.32.4-k3s1";
    public const string OperatorImage = "ghcr.io/kubetune/operator:0.1.0";
    public const string TrainerImage = "kubetune.e2e/trainer:e2e";

    private readonly string directory = Directory.CreateTempSubdirectory("kubetune-k3s-").FullName;
    private readonly K3sContainer container = new K3sBuilder(K3sImage).Build();
    private KubectlClient kubectl = null!;

    public string Name => "K3s";

    public string KubeconfigPath => Path.Combine(directory, "kubeconfig");

    public IReadOnlyList<ApiRequest>? OperatorRequests => null;

    public async Task StartAsync()
    {
        await container.StartAsync();
        await File.WriteAllTextAsync(KubeconfigPath, await container.GetKubeconfigAsync());
        kubectl = new KubectlClient(KubeconfigPath, directory);
        await BuildAndImportAsync(OperatorImage, "Dockerfile");
        await BuildAndImportAsync(TrainerImage, "src/TrainerImage/Dockerfile");
    }

    public async Task StartOperatorAsync(IReadOnlyDictionary<string, string?> deploymentEnvironment)
    {
        // The published trainer tag is not in this K3s; point the operator at the image built above.
        (await kubectl.RunAsync("-n", "kubetune-system", "set", "env", "deployment/kubetune-operator", $"KUBETUNE_TRAINERIMAGE={TrainerImage}")).ShouldSucceed();
        (await kubectl.RunAsync("-n", "kubetune-system", "rollout", "status", "deployment/kubetune-operator", "--timeout=180s")).ShouldSucceed();
    }

    public async Task StageClaimAsync(string claim, string localFolder)
    {
        var manifest = Path.Combine(directory, $"{claim}.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: {claim}
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: {claim}-loader
            spec:
              containers:
                - name: loader
                  image: busybox:1.36
                  command: [sleep, "3600"]
                  volumeMounts:
                    - name: data
                      mountPath: /data
              volumes:
                - name: data
                  persistentVolumeClaim:
                    claimName: {claim}
            """);
        (await kubectl.RunAsync("apply", "-f", manifest)).ShouldSucceed();
        (await kubectl.RunAsync("wait", "--for=condition=Ready", $"pod/{claim}-loader", "--timeout=180s")).ShouldSucceed();
        (await kubectl.RunAsync("cp", localFolder + "/.", $"{claim}-loader:/data")).ShouldSucceed();
        (await kubectl.RunAsync("delete", "pod", $"{claim}-loader", "--wait=true")).ShouldSucceed();
    }

    public async Task<string> ScrapeMetricsAsync() =>
        (await kubectl.RunAsync("get", "--raw", "/api/v1/namespaces/kubetune-system/services/kubetune-operator-metrics:8080/proxy/metrics")).ShouldSucceed().Stdout;

    public async Task<string> DiagnosticsAsync()
    {
        var trainer = await kubectl.RunAsync("logs", "-l", "app.kubernetes.io/name=kubetune-trainer", "--tail=100");
        var operatorLogs = await kubectl.RunAsync("-n", "kubetune-system", "logs", "deployment/kubetune-operator", "--tail=100");
        return $"--- trainer\n{trainer.Stdout}{trainer.Stderr}\n--- operator\n{operatorLogs.Stdout}{operatorLogs.Stderr}";
    }

    public async ValueTask DisposeAsync()
    {
        await container.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private async Task BuildAndImportAsync(string image, string dockerfile)
    {
        var archive = Path.Combine(directory, image.Replace('/', '_').Replace(':', '_') + ".tar");
        (await Commands.RunAsync("docker", ["build", "-t", image, "-f", dockerfile, "."], TimeSpan.FromMinutes(20))).ShouldSucceed();
        (await Commands.RunAsync("docker", ["save", "-o", archive, image], TimeSpan.FromMinutes(5))).ShouldSucceed();
        await container.CopyAsync(new FileInfo(archive), "/tmp/");
        var import = await container.ExecAsync(["ctr", "--namespace", "k8s.io", "images", "import", "/tmp/" + Path.GetFileName(archive)]);
        Assert.True(import.ExitCode == 0, $"importing {image} into K3s failed: {import.Stderr}");
    }
}
