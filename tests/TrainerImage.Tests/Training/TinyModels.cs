using KubeTune.Trainer.Models;
using KubeTune.Trainer.Tests.Models;
using KubeTune.Trainer.Tokenization;

namespace KubeTune.Trainer.Tests.Training;

/// <summary>The hf-reference fixture models (a few hundred kB each) as base models for training tests.</summary>
public static class TinyModels
{
    public static string Directory(string architecture) => HfReferenceFixture.Open(architecture).Directory;

    public static PretrainedModel Load(string architecture, IReadOnlyList<string>? labels = null) =>
        PretrainedModelLoader.Load(Directory(architecture), labels: labels, warn: _ => { });

    /// <summary>Copies a fixture model's files (config, weights, tokenizer) into <paramref name="destination"/>, for commands that read a model directory.</summary>
    public static string CopyTo(string architecture, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var name in new[] { "config.json", "model.safetensors", "tokenizer.json", "generation_config.json" })
        {
            var source = Path.Combine(Directory(architecture), name);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(destination, name), overwrite: true);
            }
        }

        return destination;
    }

    /// <summary>Texts tokenised with the fixture's tokenizer, padded to <paramref name="length"/> (truncated when longer).</summary>
    public static (long[] Ids, long[] Mask) Encode(HfTokenizer tokenizer, string text, int length)
    {
        var ids = tokenizer.Encode(text).Take(length).ToArray();
        var padded = ids.Concat(Enumerable.Repeat(tokenizer.PadTokenId, length - ids.Length)).ToArray();
        var mask = Enumerable.Range(0, length).Select(i => i < ids.Length ? 1L : 0L).ToArray();
        return (padded, mask);
    }
}
