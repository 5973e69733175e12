using System.Text.Json.Nodes;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Contracts;

namespace KubeTune.Local;

/// <summary>
/// The FineTuneJobs of a local run, read from one multi-document YAML file. A relative file:// location
/// (file://data/train.jsonl, file://./model) is resolved against the file's folder, so samples run from anywhere.
/// </summary>
public static class LocalManifest
{
    public const string DefaultNamespace = "default";

    private static readonly string[][] LocationFields =
    [
        ["model", "uri"], ["dataset", "uri"], ["dataset", "validationUri"], ["output", "uri"],
    ];

    public static IReadOnlyList<JsonObject> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        var folder = Path.GetDirectoryName(path)!;
        var jobs = new List<JsonObject>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (json, line) in YamlJson.ParseDocuments(File.ReadAllText(path), path))
        {
            var where = $"{path}:{line}";
            var document = json as JsonObject ?? throw new FormatException($"{where}: a document must be a mapping (a Kubernetes object)");
            var apiVersion = document["apiVersion"]?.ToString();
            var kind = document["kind"]?.ToString();
            if (apiVersion != FineTuneJob.GroupVersion || kind != FineTuneJob.KindName)
            {
                throw new FormatException($"{where}: expected apiVersion {FineTuneJob.GroupVersion}, kind {FineTuneJob.KindName}; got apiVersion '{apiVersion}', kind '{kind}'");
            }

            if (document["metadata"] is not JsonObject metadata || metadata["name"]?.ToString() is not { Length: > 0 } name)
            {
                throw new FormatException($"{where}: metadata.name is missing");
            }

            if (metadata["namespace"]?.ToString() is not { Length: > 0 })
            {
                metadata["namespace"] = DefaultNamespace;
            }

            if (!names.Add($"{metadata["namespace"]}/{name}"))
            {
                throw new FormatException($"{where}: FineTuneJob {metadata["namespace"]}/{name} appears twice");
            }

            if (document["spec"] is JsonObject spec)
            {
                ResolveFileLocations(spec, folder);
            }

            jobs.Add(document);
        }

        return jobs.Count > 0 ? jobs : throw new FormatException($"{path}: no FineTuneJob in the file");
    }

    /// <summary>file://RELATIVE becomes file:///FOLDER/RELATIVE; absolute file:/// locations and other schemes stay.</summary>
    public static string ResolveFileLocation(string uri, string folder)
    {
        const string prefix = "file://";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || uri[prefix.Length..].StartsWith('/'))
        {
            return uri;
        }

        return prefix + Path.GetFullPath(Path.Combine(folder, uri[prefix.Length..]));
    }

    private static void ResolveFileLocations(JsonObject spec, string folder)
    {
        foreach (var field in LocationFields)
        {
            if (spec[field[0]] is JsonObject section && section[field[1]]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                section[field[1]] = ResolveFileLocation(section[field[1]]!.GetValue<string>(), folder);
            }
        }
    }
}
