using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>A model directory's weights: <c>model.safetensors</c>, or shards listed in <c>model.safetensors.index.json</c>.</summary>
public static class SafetensorsCheckpoint
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>Hugging Face's default shard size.</summary>
    public const long DefaultMaxShardBytes = 5L * 1000 * 1000 * 1000;

    /// <summary>Every tensor of the checkpoint, on the CPU, in the stored dtype.</summary>
    public static Dictionary<string, torch.Tensor> ReadDirectory(string directory)
    {
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var file in Files(directory))
            {
                foreach (var (name, tensor) in SafetensorsFile.Read(file))
                {
                    tensors[name] = tensor;
                }
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return tensors;
    }

    /// <summary>The bytes of every tensor of the checkpoint, from the headers (each checked, nothing allocated).</summary>
    public static long TensorBytes(string directory) =>
        Files(directory).Sum(file => SafetensorsFile.ReadEntries(file).Sum(entry => entry.ByteLength));

    private static IReadOnlyList<string> Files(string directory)
    {
        var indexPath = Path.Combine(directory, IndexFileName);
        if (File.Exists(indexPath))
        {
            return ReadIndex(indexPath).Values.Distinct(StringComparer.Ordinal).Select(shard => Shard(indexPath, directory, shard)).ToList();
        }

        var singlePath = Path.Combine(directory, SingleFileName);
        return File.Exists(singlePath)
            ? [singlePath]
            : throw new InvalidInputException($"{directory}: no {SingleFileName} or {IndexFileName} (only safetensors checkpoints are supported)");
    }

    /// <summary>Writes one file, or numbered shards plus an index when the tensors exceed <paramref name="maxShardBytes"/>.</summary>
    public static void WriteDirectory(string directory, IReadOnlyDictionary<string, torch.Tensor> tensors, long maxShardBytes = DefaultMaxShardBytes)
    {
        NoFollowFiles.CreateDirectory(directory);
        var shards = new List<List<string>> { new() };
        long shardBytes = 0;
        long totalBytes = 0;
        foreach (var name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            var size = tensors[name].NumberOfElements * tensors[name].ElementSize;
            if (shards[^1].Count > 0 && shardBytes + size > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }

            shards[^1].Add(name);
            shardBytes += size;
            totalBytes += size;
        }

        if (shards.Count == 1)
        {
            SafetensorsFile.Write(Path.Combine(directory, SingleFileName), tensors);
            return;
        }

        var weightMap = new JsonObject();
        for (var i = 0; i < shards.Count; i++)
        {
            var fileName = string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors");
            SafetensorsFile.Write(Path.Combine(directory, fileName), shards[i].Select(name => KeyValuePair.Create(name, tensors[name])));
            foreach (var name in shards[i])
            {
                weightMap[name] = fileName;
            }
        }

        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = totalBytes },
            ["weight_map"] = weightMap,
        };
        NoFollowFiles.WriteAllText(Path.Combine(directory, IndexFileName), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>A shard named by the index: a file inside the model folder, never a path out of it ('../x', '/etc/passwd', or a link).</summary>
    private static string Shard(string indexPath, string directory, string shard)
    {
        var path = Path.GetFullPath(Path.Combine(directory, shard));
        if (!RealPaths.IsInside(path, Path.GetFullPath(directory)) || path == Path.GetFullPath(directory))
        {
            throw new InvalidInputException($"{indexPath}: weight_map names the shard '{shard}', outside the model folder; shards are files in the folder");
        }

        InputConfinement.RequireInside(path, directory, indexPath);
        return path;
    }

    private static Dictionary<string, string> ReadIndex(string indexPath)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(indexPath))?["weight_map"] is not JsonObject weightMap)
            {
                throw new InvalidInputException($"{indexPath}: missing 'weight_map'");
            }

            return weightMap.ToDictionary(pair => pair.Key, pair => pair.Value is JsonValue value && value.TryGetValue<string>(out var file)
                ? file
                : throw new InvalidInputException($"{indexPath}: weight_map entry '{pair.Key}' must be a file name, got {pair.Value?.ToJsonString() ?? "null"}"));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{indexPath}: invalid JSON: {e.Message}", e);
        }
    }
}
