using System.Text;

namespace KubeTune.DevCluster;

/// <summary>Writes a kubeconfig with one cluster, one token user and a current context pointing at them.</summary>
public static class KubeconfigWriter
{
    public const string ContextName = "kubetune-dev";

    public static string Render(Uri server, string token)
    {
        var text = new StringBuilder();
        text.AppendLine("apiVersion: v1");
        text.AppendLine("kind: Config");
        text.AppendLine("clusters:");
        text.AppendLine($"- name: {ContextName}");
        text.AppendLine("  cluster:");
        text.AppendLine($"    server: {server.GetLeftPart(UriPartial.Authority)}");
        text.AppendLine("users:");
        text.AppendLine($"- name: {ContextName}");
        text.AppendLine("  user:");
        text.AppendLine($"    token: {token}");
        text.AppendLine("contexts:");
        text.AppendLine($"- name: {ContextName}");
        text.AppendLine("  context:");
        text.AppendLine($"    cluster: {ContextName}");
        text.AppendLine($"    user: {ContextName}");
        text.AppendLine("    namespace: default");
        text.AppendLine($"current-context: {ContextName}");
        return text.ToString();
    }

    public static void Write(string path, Uri server, string token)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Render(server, token));
    }
}
