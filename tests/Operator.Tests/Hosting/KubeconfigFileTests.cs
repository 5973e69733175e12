using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using KubeTune.Operator.Hosting;

namespace KubeTune.Operator.Tests.Hosting;

public sealed class KubeconfigFileTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("kubeconfig-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public void Read_KubectlStyleFile_CurrentContextServerTokenAndNamespace()
    {
        var path = Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            preferences: {}
            clusters:
            - name: other
              cluster: {server: "https://other.example:6443"}
            - name: dev-cluster
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
            users:
            - name: dev-user
              user: {token: kubetune-dev-token}
            contexts:
            - name: dev
              context: {cluster: dev-cluster, user: dev-user, namespace: ml}
            extensions: []
            """);

        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Read(path));

        Assert.Equal("https://127.0.0.1:6443/", configuration.Host.TrimEnd('/') + "/");
        Assert.Equal("kubetune-dev-token", configuration.AccessToken);
        Assert.Equal("ml", configuration.Namespace);
        Assert.True(configuration.SkipTlsVerify);
    }

    [Fact]
    public void Read_RelativeCertificateAuthority_ResolvedFromTheKubeconfigFolder()
    {
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=kubetune-test-ca", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        Write("ca.crt", certificate.ExportCertificatePem());
        var path = Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
            users:
            - name: dev
              user: {token: t}
            contexts:
            - name: dev
              context: {cluster: dev, user: dev}
            """);

        // The working directory is elsewhere: the path resolves against the file's folder, as kubectl resolves it.
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigFile.Read(path));

        Assert.Equal(certificate.Thumbprint, Assert.Single(configuration.SslCaCerts).Thumbprint);
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesTheFile()
    {
        var missing = Path.Combine(folder.FullName, "absent.yaml");

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Read(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BrokenYaml_ErrorNamesFileLineAndColumn()
    {
        var path = Write("config", "apiVersion: v1\nclusters:\n- name: dev\n  cluster: {server: [unclosed\n");

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Matches(@"line \d+, column \d+", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_ErrorSaysEmpty()
    {
        var path = Write("config", string.Empty);

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Read(path));

        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientCertificateExecAndImpersonation_EveryMemberByItsKubeconfigName()
    {
        var path = Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev
              cluster: {server: "https://127.0.0.1:6443", tls-server-name: api.dev, certificate-authority-data: Q0E=}
            users:
            - name: dev
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
                as: admin
                as-groups: [ops, ml]
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: get-token
                  args: [--cluster, dev]
                  env: [{name: REGION, value: eu}]
                  provideClusterInfo: true
            contexts:
            - name: dev
              context: {cluster: dev, user: dev}
            """);

        var configuration = KubeconfigFile.Read(path);

        var cluster = Assert.Single(configuration.Clusters).ClusterEndpoint;
        Assert.Equal(("https://127.0.0.1:6443", "api.dev", "Q0E="), (cluster.Server, cluster.TlsServerName, cluster.CertificateAuthorityData));
        var user = Assert.Single(configuration.Users).UserCredentials;
        Assert.Equal(("Q0VSVA==", "S0VZ", "admin"), (user.ClientCertificateData, user.ClientKeyData, user.Impersonate));
        Assert.Equal(["ops", "ml"], user.ImpersonateGroups);
        Assert.Equal(("get-token", true), (user.ExternalExecution.Command, user.ExternalExecution.ProvideClusterInfo));
        Assert.Equal(["--cluster", "dev"], user.ExternalExecution.Arguments);
        Assert.Equal("eu", Assert.Single(user.ExternalExecution.EnvironmentVariables)["value"]);
        Assert.Equal("dev", configuration.CurrentContext);
    }

    [Theory]
    [InlineData("clusters: {dev: {}}", "$.clusters must be a list, was a mapping")]
    [InlineData("clusters:\n- name: dev\n  cluster: {server: 6443}", "$.clusters[0].cluster.server must be a string, was the number 6443")]
    [InlineData("clusters:\n- name: dev\n  cluster: {insecure-skip-tls-verify: \"yes\"}", "$.clusters[0].cluster.insecure-skip-tls-verify must be true or false")]
    public void Read_MemberOfTheWrongType_ErrorNamesTheFileAndTheMember(string yaml, string expected)
    {
        var path = Write("config", yaml);

        var error = Assert.Throws<KubeConfigException>(() => KubeconfigFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
