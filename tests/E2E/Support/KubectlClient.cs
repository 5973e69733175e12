namespace KubeTune.E2E.Tests.Support;

/// <summary>The real kubectl against one cluster's kubeconfig, with a private HOME (discovery cache).</summary>
internal sealed class KubectlClient(string kubeconfig, string home)
{
    public Task<CommandResult> RunAsync(params string[] args) =>
        Commands.RunAsync(Commands.Kubectl, ["--kubeconfig", kubeconfig, .. args], TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["HOME"] = home });
}
