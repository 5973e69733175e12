using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models;

/// <summary>
/// A Hugging Face config.json. Kept as JSON so fields this trainer does not know survive saving;
/// typed getters name the file and field when a value is missing or of the wrong type.
/// </summary>
public sealed class HfConfig
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    public HfConfig(JsonObject json, string source)
    {
        Json = json;
        Source = source;
    }

    public JsonObject Json { get; }

    /// <summary>Where the config came from, for error messages.</summary>
    public string Source { get; }

    public string? ModelType => GetString("model_type");

    public IReadOnlyList<string> Architectures =>
        Json["architectures"] is JsonArray array
            ? array.Select(node => node?.GetValue<string>() ?? "").Where(name => name.Length > 0).ToList()
            : [];

    /// <summary>Label names ordered by id, from id2label (or num_labels with LABEL_i names; 2 when neither is set).</summary>
    public IReadOnlyList<string> Labels
    {
        get
        {
            if (Json["id2label"] is JsonObject id2label && id2label.Count > 0)
            {
                if (id2label.Count > ModelBounds.MaxLabels)
                {
                    throw new InvalidInputException($"{Source}: field 'id2label' has {id2label.Count} labels, more than {ModelBounds.MaxLabels}");
                }

                return id2label
                    .Select(pair => (Id: ParseLabelId(pair.Key), Name: pair.Value?.ToString() ?? ""))
                    .OrderBy(pair => pair.Id)
                    .Select(pair => pair.Name)
                    .ToList();
            }

            var count = GetSize("num_labels", 2, ModelBounds.MaxLabels);
            return Enumerable.Range(0, count).Select(i => $"LABEL_{i}").ToList();
        }
    }

    public static HfConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: config.json not found");
        }

        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            return node is JsonObject json
                ? new HfConfig(json, path)
                : throw new InvalidInputException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
    }

    public void Save(string path) => NoFollowFiles.WriteAllText(path, Json.ToJsonString(WriteOptions) + "\n");

    /// <summary>A copy whose id2label/label2id describe these labels (the fine-tuning task's classes).</summary>
    public HfConfig WithLabels(IReadOnlyList<string> labels)
    {
        var copy = (JsonObject)Json.DeepClone();
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (var i = 0; i < labels.Count; i++)
        {
            id2label[i.ToString(CultureInfo.InvariantCulture)] = labels[i];
            label2id[labels[i]] = i;
        }

        copy["id2label"] = id2label;
        copy["label2id"] = label2id;
        copy.Remove("num_labels");
        return new HfConfig(copy, Source);
    }

    public bool Has(string name) => Json[name] is not null;

    public int RequireInt(string name) => GetValue<int>(name) ?? throw Missing(name);

    public int GetInt(string name, int fallback) => GetValue<int>(name) ?? fallback;

    /// <summary>A required size (count or dimension): an integer from 1 to <paramref name="max"/>.</summary>
    public int RequireSize(string name, int max) => CheckSize(name, RequireInt(name), max);

    /// <summary>An optional size: an integer from 1 to <paramref name="max"/>, <paramref name="fallback"/> when absent.</summary>
    public int GetSize(string name, int fallback, int max) => Json[name] is null ? fallback : CheckSize(name, RequireInt(name), max);

    public double RequireDouble(string name) => GetValue<double>(name) ?? throw Missing(name);

    public double GetDouble(string name, double fallback) => GetValue<double>(name) ?? fallback;

    public bool GetBool(string name, bool fallback) => GetValue<bool>(name) ?? fallback;

    public string? GetString(string name) =>
        Json[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => throw new InvalidInputException($"{Source}: field '{name}' must be a string, got {other.ToJsonString()}"),
        };

    public JsonObject? GetObject(string name) => Json[name] as JsonObject;

    private T? GetValue<T>(string name)
        where T : struct
    {
        var node = Json[name];
        if (node is null)
        {
            return null;
        }

        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidInputException($"{Source}: field '{name}' must be a {typeof(T).Name}, got {node.ToJsonString()}", e);
        }
    }

    private int CheckSize(string name, int value, int max) =>
        value is >= 1 && value <= max
            ? value
            : throw new InvalidInputException($"{Source}: field '{name}' is {value}; it must be between 1 and {max}");

    private int ParseLabelId(string key) =>
        int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidInputException($"{Source}: id2label key '{key}' is not an integer");

    private InvalidInputException Missing(string name) => new($"{Source}: required field '{name}' is missing");
}
