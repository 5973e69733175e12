using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Checkpointing;

/// <summary>
/// manifest.json of a checkpoint: the size and sha256 of every file in it, written (and fsynced with the files) before
/// the checkpoint is renamed into place; a resume trusts a checkpoint only when every file still matches.
/// </summary>
public static class CheckpointManifest
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    /// <summary>Hashes and fsyncs every file of <paramref name="directory"/>, then writes and fsyncs the manifest.</summary>
    public static void Write(string directory)
    {
        var files = new JsonObject();
        foreach (var path in Directory.GetFiles(directory).Where(path => Path.GetFileName(path) != FileName).Order(StringComparer.Ordinal))
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
                files[Path.GetFileName(path)] = new JsonObject { ["bytes"] = stream.Length, ["sha256"] = hash };
                stream.Flush(flushToDisk: true);
            }
        }

        var manifestPath = Path.Combine(directory, FileName);
        NoFollowFiles.WriteAllText(manifestPath, new JsonObject { ["files"] = files }.ToJsonString(WriteOptions) + "\n");
        DurableFiles.SyncFile(manifestPath);
    }

    /// <summary>Null when every file the manifest lists is there with its size and hash; otherwise what is wrong, naming the file.</summary>
    public static string? Problem(string directory)
    {
        var manifestPath = Path.Combine(directory, FileName);
        if (!File.Exists(manifestPath))
        {
            return $"{manifestPath}: missing (the checkpoint was not finished, or predates manifests)";
        }

        JsonObject files;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifestPath))?["files"] is not JsonObject listed || listed.Count == 0)
            {
                return $"{manifestPath}: lists no files";
            }

            files = listed;
        }
        catch (JsonException e)
        {
            return $"{manifestPath}: unreadable: {e.Message}";
        }

        foreach (var (name, node) in files)
        {
            var path = Path.Combine(directory, name);
            if (name != Path.GetFileName(name) || node?["sha256"] is not JsonValue hashNode || !hashNode.TryGetValue<string>(out var expected)
                || node["bytes"] is not JsonValue bytesNode || !bytesNode.TryGetValue<long>(out var bytes))
            {
                return $"{manifestPath}: entry '{name}' is malformed";
            }

            if (!File.Exists(path))
            {
                return $"{path}: listed in the manifest but missing";
            }

            var length = new FileInfo(path).Length;
            if (length != bytes)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{path}: {length} bytes, the manifest says {bytes} (truncated or overwritten)");
            }

            using var stream = File.OpenRead(path);
            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), expected, StringComparison.OrdinalIgnoreCase))
            {
                return $"{path}: sha256 differs from the manifest (the file is corrupt)";
            }
        }

        return null;
    }
}
