using System.Text.Json;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models;

/// <summary>One architecture folder of ../shared/fixtures/hf-reference: transformers' and peft's own outputs.</summary>
public sealed class HfReferenceFixture
{
    private HfReferenceFixture(string directory)
    {
        Directory = directory;
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "reference.json"))).RootElement;
    }

    public string Directory { get; }

    public JsonElement Json { get; }

    public static string Root => RepositoryRoot.HfReferenceFixtures;

    public static HfReferenceFixture Open(string architecture)
    {
        // Few threads and fixed algorithms: the reference ran deterministic on CPU and the machine is shared.
        torch.set_num_threads(2);
        var path = Path.Combine(Root, architecture);
        return System.IO.Directory.Exists(path) ? new HfReferenceFixture(path) : throw new DirectoryNotFoundException(path);
    }

    public Dictionary<string, torch.Tensor> ReadTensors(string fileName) => SafetensorsFile.Read(Path.Combine(Directory, fileName));

    /// <summary>transformers' eval-mode loss on the reference batch.</summary>
    public float Loss => Json.GetProperty("loss").GetSingle();

    /// <summary>The losses of transformers' full fine-tuning run (three AdamW steps).</summary>
    public IReadOnlyList<float> FineTuneLosses => Floats("full_finetune", "losses");

    public IReadOnlyList<float> GradNormsBeforeClip => Floats("full_finetune", "grad_norms_before_clip");

    /// <summary>The fixture's model; <paramref name="labels"/> re-sizes the head, a warning fails the test unless <paramref name="warn"/> takes it.</summary>
    public PretrainedModel LoadModel(IReadOnlyList<string>? labels = null, Action<string>? warn = null) =>
        PretrainedModelLoader.Load(Directory, labels: labels, warn: warn ?? (message => throw new InvalidOperationException($"unexpected warning: {message}")));

    public IReadOnlyList<double> Doubles(params string[] path)
    {
        var element = Json;
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element.EnumerateArray().Select(value => value.GetDouble()).ToList();
    }

    private IReadOnlyList<float> Floats(params string[] path) => Doubles(path).Select(value => (float)value).ToArray();
}
