using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models;

/// <summary>
/// generation_config.json as transformers derives it from a causal LM's config (<c>_from_model_config</c>): the bos,
/// eos and pad ids that <c>generate()</c> stops and pads with. Written only when the base model shipped none.
/// </summary>
public static class GenerationConfigFile
{
    public const string FileName = "generation_config.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The ids from config.json, each missing one from the tokenizer (<paramref name="tokenizerEos"/>, <paramref name="tokenizerPad"/>).</summary>
    public static JsonObject From(HfConfig config, long? tokenizerEos, long? tokenizerPad)
    {
        var json = new JsonObject { ["_from_model_config"] = true };
        Add(json, "bos_token_id", config.Json["bos_token_id"], null);
        Add(json, "eos_token_id", config.Json["eos_token_id"], tokenizerEos);
        Add(json, "pad_token_id", config.Json["pad_token_id"], tokenizerPad);
        return json;
    }

    /// <summary>Writes the file into <paramref name="directory"/> unless one is there (copied from the base model); false when it left it.</summary>
    public static bool WriteIfMissing(string directory, HfConfig config, long? tokenizerEos, long? tokenizerPad)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            return false;
        }

        NoFollowFiles.WriteAllText(path, From(config, tokenizerEos, tokenizerPad).ToJsonString(Indented) + "\n");
        return true;
    }

    private static void Add(JsonObject json, string name, JsonNode? configured, long? fallback)
    {
        if (configured is JsonValue or JsonArray)
        {
            json[name] = configured.DeepClone();
        }
        else if (fallback is { } id)
        {
            json[name] = id;
        }
    }
}
