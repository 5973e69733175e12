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

        var root = json is null ? throw new KubeConfigException($"{source} is empty") : Object(json, source, "$");
        return new K8SConfiguration
        {
            ApiVersion = Text(root, "apiVersion", source, "$"),
            Kind = Text(root, "kind", source, "$"),
            CurrentContext = Text(root, "current-context", source, "$"),
            Clusters = Items(root, "clusters", source, "$", (item, at) => new Cluster
            {
                Name = Text(item, "name", source, at),
                ClusterEndpoint = Child(item, "cluster", source, at, (endpoint, inner) => new ClusterEndpoint
                {
                    Server = Text(endpoint, "server", source, inner),
                    CertificateAuthority = Text(endpoint, "certificate-authority", source, inner),
                    CertificateAuthorityData = Text(endpoint, "certificate-authority-data", source, inner),
                    TlsServerName = Text(endpoint, "tls-server-name", source, inner),
                    SkipTlsVerify = Flag(endpoint, "insecure-skip-tls-verify", source, inner),
                }),
            }),
            Users = Items(root, "users", source, "$", (item, at) => new User
            {
                Name = Text(item, "name", source, at),
                UserCredentials = Child(item, "user", source, at, (user, inner) => new UserCredentials
                {
                    ClientCertificate = Text(user, "client-certificate", source, inner),
                    ClientCertificateData = Text(user, "client-certificate-data", source, inner),
                    ClientKey = Text(user, "client-key", source, inner),
                    ClientKeyData = Text(user, "client-key-data", source, inner),
                    Token = Text(user, "token", source, inner),
                    Impersonate = Text(user, "as", source, inner),
                    ImpersonateGroups = Items(user, "as-groups", source, inner, (group, groupAt) => AsText(group, source, groupAt)),
                    ImpersonateUserExtra = Strings(user, "as-user-extra", source, inner),
                    UserName = Text(user, "username", source, inner),
                    Password = Text(user, "password", source, inner),
                    AuthProvider = Child(user, "auth-provider", source, inner, (provider, providerAt) => new AuthProvider
                    {
                        Name = Text(provider, "name", source, providerAt),
                        Config = Strings(provider, "config", source, providerAt),
                    }),
                    ExternalExecution = Child(user, "exec", source, inner, (exec, execAt) => new ExternalExecution
                    {
                        ApiVersion = Text(exec, "apiVersion", source, execAt),
                        Command = Text(exec, "command", source, execAt),
                        Arguments = Items(exec, "args", source, execAt, (argument, argumentAt) => AsText(argument, source, argumentAt)),
                        EnvironmentVariables = Items(exec, "env", source, execAt, (variable, variableAt) => Strings(Object(variable, source, variableAt), source, variableAt)),
                        InstallHint = Text(exec, "installHint", source, execAt),
                        ProvideClusterInfo = Flag(exec, "provideClusterInfo", source, execAt),
                    }),
                }),
            }),
            Contexts = Items(root, "contexts", source, "$", (item, at) => new Context
            {
                Name = Text(item, "name", source, at),
                ContextDetails = Child(item, "context", source, at, (context, inner) => new ContextDetails
                {
                    Cluster = Text(context, "cluster", source, inner),
                    User = Text(context, "user", source, inner),
                    Namespace = Text(context, "namespace", source, inner),
                }),
            }),
            // Relative certificate and key paths are relative to the kubeconfig's folder, as kubectl reads them.
            FileName = file.FullName,
        };
    }

    private static JsonObject Object(JsonNode node, string source, string at) =>
        node as JsonObject ?? throw Invalid(source, at, $"must be a mapping, was {Describe(node)}");

    private static JsonObject? Map(JsonObject parent, string key, string source, string at) =>
        parent[key] is { } node ? Object(node, source, $"{at}.{key}") : null;

    private static T? Child<T>(JsonObject parent, string key, string source, string at, Func<JsonObject, string, T> read)
        where T : class =>
        Map(parent, key, source, at) is { } child ? read(child, $"{at}.{key}") : null;

    private static List<T>? Items<T>(JsonObject parent, string key, string source, string at, Func<JsonObject, string, T> read) =>
        Items(parent, key, source, at, (JsonNode node, string itemAt) => read(Object(node, source, itemAt), itemAt));

    private static List<T>? Items<T>(JsonObject parent, string key, string source, string at, Func<JsonNode, string, T> read) => parent[key] switch
    {
        null => null,
        JsonArray array => [.. array.Select((item, index) => read(item ?? throw Invalid(source, $"{at}.{key}[{index}]", "must not be null"), $"{at}.{key}[{index}]"))],
        var other => throw Invalid(source, $"{at}.{key}", $"must be a list, was {Describe(other)}"),
    };

    private static string? Text(JsonObject parent, string key, string source, string at) =>
        parent[key] is { } node ? AsText(node, source, $"{at}.{key}") : null;

    private static string AsText(JsonNode node, string source, string at) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw Invalid(source, at, $"must be a string, was {Describe(node)}");

    private static bool Flag(JsonObject parent, string key, string source, string at) => parent[key] switch
    {
        null => false,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        var other => throw Invalid(source, $"{at}.{key}", $"must be true or false, was {Describe(other)}"),
    };

    private static Dictionary<string, string>? Strings(JsonObject parent, string key, string source, string at) =>
        Map(parent, key, source, at) is { } map ? Strings(map, source, $"{at}.{key}") : null;

    private static Dictionary<string, string> Strings(JsonObject map, string source, string at) =>
        map.ToDictionary(entry => entry.Key, entry => AsText(entry.Value ?? throw Invalid(source, $"{at}.{entry.Key}", "must not be null"), source, $"{at}.{entry.Key}"), StringComparer.Ordinal);

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        _ => node.ToJsonString(),
    };

    private static KubeConfigException Invalid(string source, string at, string reason) => new($"{source}: {at} {reason}");
}
