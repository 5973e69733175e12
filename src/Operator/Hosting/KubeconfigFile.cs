using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// Reads a kubeconfig file without reflection (the operator is published native): YAML to JSON as kubectl reads it
/// (<see cref="YamlJson"/>), then each member the client uses, by its kubeconfig name, into the client's own types.
/// The client's loader would also load its ~5,900 model types through KubernetesYaml (about 20 MB of runtime type data),
/// and its kubeconfig types cannot have generated JSON: their extensions are typed dynamic. Preferences and extensions,
/// which the client does not use, are not read.
/// </summary>
public static class KubeconfigFile
{
    public static K8SConfiguration Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        }

        var source = $"kubeconfig {file.FullName}";
        JsonNode? json;
        try
        {
            json = YamlJson.Parse(File.ReadAllText(file.FullName), source);
        }
        catch (FormatException error)
        {
            throw new KubeConfigException(error.Message);
        }

        if (json is null)
        {
            throw new KubeConfigException($"{source} is empty");
        }

        try
        {
            return Configuration(Object(json, "$"), file.FullName);
        }
        catch (FormatException error)
        {
            throw new KubeConfigException($"{source}: {error.Message}");
        }
    }

    // Each member the client uses, by its kubeconfig name; a member of the wrong type is a FormatException naming its path.
    private static K8SConfiguration Configuration(JsonObject root, string fileName) => new()
    {
        ApiVersion = Text(root, "apiVersion", "$"),
        Kind = Text(root, "kind", "$"),
        CurrentContext = Text(root, "current-context", "$"),
        Clusters = Items(root, "clusters", "$", (item, at) => new Cluster
        {
            Name = Text(item, "name", at),
            ClusterEndpoint = Child(item, "cluster", at, (endpoint, inner) => new ClusterEndpoint
            {
                Server = Text(endpoint, "server", inner),
                CertificateAuthority = Text(endpoint, "certificate-authority", inner),
                CertificateAuthorityData = Text(endpoint, "certificate-authority-data", inner),
                TlsServerName = Text(endpoint, "tls-server-name", inner),
                SkipTlsVerify = Flag(endpoint, "insecure-skip-tls-verify", inner),
            }),
        }),
        Users = Items(root, "users", "$", (item, at) => new User
        {
            Name = Text(item, "name", at),
            UserCredentials = Child(item, "user", at, (user, inner) => new UserCredentials
            {
                ClientCertificate = Text(user, "client-certificate", inner),
                ClientCertificateData = Text(user, "client-certificate-data", inner),
                ClientKey = Text(user, "client-key", inner),
                ClientKeyData = Text(user, "client-key-data", inner),
                Token = Text(user, "token", inner),
                Impersonate = Text(user, "as", inner),
                ImpersonateGroups = Items(user, "as-groups", inner, (group, groupAt) => AsText(group, groupAt)),
                ImpersonateUserExtra = Strings(user, "as-user-extra", inner),
                UserName = Text(user, "username", inner),
                Password = Text(user, "password", inner),
                AuthProvider = Child(user, "auth-provider", inner, (provider, providerAt) => new AuthProvider
                {
                    Name = Text(provider, "name", providerAt),
                    Config = Strings(provider, "config", providerAt),
                }),
                ExternalExecution = Child(user, "exec", inner, (exec, execAt) => new ExternalExecution
                {
                    ApiVersion = Text(exec, "apiVersion", execAt),
                    Command = Text(exec, "command", execAt),
                    Arguments = Items(exec, "args", execAt, (argument, argumentAt) => AsText(argument, argumentAt)),
                    EnvironmentVariables = Items(exec, "env", execAt, (variable, variableAt) => Strings(Object(variable, variableAt), variableAt)),
                    InstallHint = Text(exec, "installHint", execAt),
                    ProvideClusterInfo = Flag(exec, "provideClusterInfo", execAt),
                }),
            }),
        }),
        Contexts = Items(root, "contexts", "$", (item, at) => new Context
        {
            Name = Text(item, "name", at),
            ContextDetails = Child(item, "context", at, (context, inner) => new ContextDetails
            {
                Cluster = Text(context, "cluster", inner),
                User = Text(context, "user", inner),
                Namespace = Text(context, "namespace", inner),
            }),
        }),
        // Relative certificate and key paths are relative to the kubeconfig's folder, as kubectl reads them.
        FileName = fileName,
    };

    private static JsonObject Object(JsonNode node, string at) =>
        node as JsonObject ?? throw Invalid(at, $"must be a mapping, was {Describe(node)}");

    private static JsonObject? Map(JsonObject parent, string key, string at) =>
        parent[key] is { } node ? Object(node, $"{at}.{key}") : null;

    private static T? Child<T>(JsonObject parent, string key, string at, Func<JsonObject, string, T> read)
        where T : class =>
        Map(parent, key, at) is { } child ? read(child, $"{at}.{key}") : null;

    private static List<T>? Items<T>(JsonObject parent, string key, string at, Func<JsonObject, string, T> read) =>
        Items(parent, key, at, (JsonNode node, string itemAt) => read(Object(node, itemAt), itemAt));

    private static List<T>? Items<T>(JsonObject parent, string key, string at, Func<JsonNode, string, T> read) => parent[key] switch
    {
        null => null,
        JsonArray array => [.. array.Select((item, index) => read(item ?? throw Invalid($"{at}.{key}[{index}]", "must not be null"), $"{at}.{key}[{index}]"))],
        var other => throw Invalid($"{at}.{key}", $"must be a list, was {Describe(other)}"),
    };

    private static string? Text(JsonObject parent, string key, string at) =>
        parent[key] is { } node ? AsText(node, $"{at}.{key}") : null;

    private static string AsText(JsonNode node, string at) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw Invalid(at, $"must be a string, was {Describe(node)}");

    private static bool Flag(JsonObject parent, string key, string at) => parent[key] switch
    {
        null => false,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        var other => throw Invalid($"{at}.{key}", $"must be true or false, was {Describe(other)}"),
    };

    private static Dictionary<string, string>? Strings(JsonObject parent, string key, string at) =>
        Map(parent, key, at) is { } map ? Strings(map, $"{at}.{key}") : null;

    private static Dictionary<string, string> Strings(JsonObject map, string at) =>
        map.ToDictionary(entry => entry.Key, entry => AsText(entry.Value ?? throw Invalid($"{at}.{entry.Key}", "must not be null"), $"{at}.{entry.Key}"), StringComparer.Ordinal);

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        _ => node.ToJsonString(),
    };

    private static FormatException Invalid(string at, string reason) => new($"{at} {reason}");
}
