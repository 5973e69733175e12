using System.Security.Cryptography.X509Certificates;
using k8s;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Progress;
using static KubeTune.Operator.Tests.Controllers.Integration.ReconcilerCluster;

namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>An operator with the default progress TLS gives each trainer pod the CA it keeps in its Secret, and nothing more.</summary>
[Collection(ReconcilerClusterCollection.Name)]
public sealed class ProgressCaIntegrationTests(ReconcilerCluster cluster)
{
    private const string Ns = SharedNamespace;

    [Fact]
    public async Task Create_DefaultProgressTls_TrainerPodMountsTheCaFromTheSecretWithoutItsKey()
    {
        cluster.Script("test/progress-ca:1", "run");
        await cluster.CreateAsync(NewJob(Ns, "progress-ca", "test/progress-ca:1"));

        await cluster.WaitForAsync(Ns, "progress-ca", job => Has(job, ConditionTypes.Running, ConditionReasons.PodRunning), "Running/PodRunning");

        // No POD_NAMESPACE in tests: the operator keeps its CA in the default namespace.
        var secret = await cluster.Client.CoreV1.ReadNamespacedSecretAsync("kubetune-progress-ca", "default");
        using var ca = X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(secret.Data[ProgressCertificateAuthority.CertificateKey]));
        var configMap = await cluster.GetConfigMapAsync(Ns, "progress-ca-config");
        var bundle = configMap!.Data[TrainerPaths.ProgressCaFileName];
        Assert.Equal(ca.ExportCertificatePem().Trim(), bundle.Trim());
        Assert.DoesNotContain("PRIVATE KEY", bundle, StringComparison.Ordinal);
        var pod = (await cluster.GetJobAsync(Ns, "progress-ca"))!.Spec.Template.Spec;
        var trainer = Assert.Single(pod.Containers);
        Assert.Equal(TrainerPaths.ProgressCaFile, trainer.Env.Single(variable => variable.Name == TrainerEnvironment.ProgressCaFile).Value);
        var configVolume = pod.Volumes.Single(volume => volume.ConfigMap?.Name == "progress-ca-config").Name;
        Assert.Equal(TrainerPaths.ConfigDirectory, trainer.VolumeMounts.Single(mount => mount.Name == configVolume).MountPath);
        Assert.StartsWith("https://", trainer.Env.Single(variable => variable.Name == TrainerEnvironment.ProgressUrl).Value, StringComparison.Ordinal);
    }
}
