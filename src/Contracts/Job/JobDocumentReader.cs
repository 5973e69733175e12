using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeTune.Contracts;

/// <summary>
/// Reads the operator's job.json (kind TrainerConfig) or a FineTuneJob manifest (YAML or JSON; in a file of several
/// documents, the one job) into the contract's types. Unknown fields are errors naming their full path, as the API
/// server's strict field validation names them; the scheduling fields of a manifest are the operator's and skipped.
/// </summary>
public static partial class JobDocumentReader
{
    public const string ManifestKind = "FineTuneJob";

    private static readonly string[] ManifestFields = ["apiVersion", "kind", "metadata", "spec", "status"];

    /// <summary>Reads <paramref name="text"/>; <paramref name="source"/> names it in every <see cref="ContractException"/>.</summary>
    public static JobDocument Read(string text, string source)
    {
        var root = ParseDocument(text, source) as JsonObject
            ?? throw new ContractException($"{source}: expected an object with apiVersion and kind");
        var apiVersion = Text(root, "apiVersion", source);
        if (apiVersion is not null && apiVersion != TrainerJobFile.ApiVersionValue)
        {
            throw new ContractException($"{source}: field 'apiVersion' must be {TrainerJobFile.ApiVersionValue}, got '{apiVersion}'");
        }

        return Text(root, "kind", source) switch
        {
            TrainerJobFile.KindValue => FromJobFile(root, source),
            ManifestKind => FromManifest(root, source),
            var kind => throw new ContractException($"{source}: field 'kind' must be {TrainerJobFile.KindValue} or {ManifestKind}, got '{kind ?? "(none)"}'"),
        };
    }

    private static JobDocument FromJobFile(JsonObject root, string source)
    {
        var file = Deserialize(root, JobJsonContext.Default.TrainerJobFile, source, "");
        return new JobDocument(file.Job, file.Spec, file.Workspace, file.StopAtStep);
    }

    private static JobDocument FromManifest(JsonObject root, string source)
    {
        foreach (var (key, _) in root)
        {
            if (!ManifestFields.Contains(key, StringComparer.Ordinal))
            {
                throw new ContractException($"{source}: unknown field '{key}'");
            }
        }

        var metadata = root["metadata"] as JsonObject;
        var identity = new JobIdentity(
            (metadata is null ? null : Text(metadata, "namespace", source)) ?? "",
            (metadata is null ? null : Text(metadata, "name", source)) ?? Path.GetFileNameWithoutExtension(source));
        if (root["spec"] is not JsonObject spec)
        {
            throw new ContractException($"{source}: field 'spec' is required and must be an object");
        }

        var training = (JsonObject)spec.DeepClone();
        foreach (var name in TrainingSpec.ClusterFieldNames)
        {
            training.Remove(name);
        }

        return new JobDocument(identity, Deserialize(training, JobJsonContext.Default.TrainingSpec, source, "spec"), null);
    }

    private static T Deserialize<T>(JsonObject node, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string source, string prefix)
    {
        try
        {
            return node.Deserialize(type) ?? throw new ContractException($"{source}: {(prefix.Length == 0 ? "the document" : $"field '{prefix}'")} is empty");
        }
        catch (JsonException e)
        {
            var field = FieldPath(prefix, e.Path);
            if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && UnmappedName().Match(e.Message) is { Success: true } unmapped)
            {
                var name = unmapped.Groups[1].Value;
                throw new ContractException($"{source}: unknown field '{(field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : Join(field, name))}'", e);
            }

            var expected = ConvertedTo().Match(e.Message) is { Success: true } target ? Expected(target.Groups[1].Value) : "another type";
            throw new ContractException($"{source}: field '{field}' must be {expected}", e);
        }
    }

    // "$.hyperparameters.maxStep" or "$['a b']" below the prefix the node was read from.
    private static string FieldPath(string prefix, string? path)
    {
        var relative = (path ?? "$").TrimStart('$').TrimStart('.');
        relative = Regex.Replace(relative, @"\['([^']*)'\]", ".$1").TrimStart('.');
        return Join(prefix, relative);
    }

    private static string Join(string left, string right) =>
        left.Length == 0 ? right : right.Length == 0 ? left : $"{left}.{right}";

    private static string Expected(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int32", StringComparison.Ordinal) || typeName.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when typeName.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("String", StringComparison.Ordinal) && !typeName.Contains("IList", StringComparison.Ordinal) && !typeName.Contains("IDictionary", StringComparison.Ordinal) => "a string",
        _ when typeName.Contains("IList", StringComparison.Ordinal) => "a list",
        _ => "an object",
    };

    private static string? Text(JsonObject node, string name, string source) => node[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        var other => throw new ContractException($"{source}: field '{name}' must be a string, got {other.ToJsonString()}"),
    };

    private static JsonNode? ParseDocument(string text, string source)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return YamlDocument(text, source);
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ContractException($"{source}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    private static JsonNode? YamlDocument(string text, string source)
    {
        IReadOnlyList<(JsonNode Json, long Line)> documents;
        try
        {
            documents = YamlJson.ParseDocuments(text, source);
        }
        catch (FormatException e)
        {
            throw new ContractException(e.Message, e);
        }

        if (documents.Count <= 1)
        {
            return documents.Count == 0 ? null : documents[0].Json;
        }

        var jobs = documents.Select(document => document.Json).Where(IsJobDocument).ToList();
        return jobs.Count == 1
            ? jobs[0]
            : throw new ContractException($"{source}: {documents.Count} YAML documents with {jobs.Count} of kind {ManifestKind} or {TrainerJobFile.KindValue}; expected exactly one");
    }

    private static bool IsJobDocument(JsonNode node) =>
        node is JsonObject document && document["kind"] is JsonValue kind && kind.TryGetValue<string>(out var name) && name is ManifestKind or TrainerJobFile.KindValue;

    [GeneratedRegex("property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedName();

    [GeneratedRegex(@"could not be converted to ([^.\s]+(\.[^.\s]+)*)")]
    private static partial Regex ConvertedTo();
}
