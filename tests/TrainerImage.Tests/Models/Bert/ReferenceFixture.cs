using System.Runtime.CompilerServices;
using System.Text.Json;
using KubeTune.Trainer.Models;
using KubeTune.Trainer.Models.Safetensors;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Models.Bert;

/// <summary>One architecture folder of ../shared/fixtures/hf-reference (transformers' own outputs).</summary>
public sealed class ReferenceFixture
{
    private ReferenceFixture(string directory)
    {
        Directory = directory;
        Json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "reference.json"))).RootElement;
    }

    public string Directory { get; }

    public JsonElement Json { get; }

    public float Loss => Json.GetProperty("loss").GetSingle();

    public IReadOnlyList<float> FineTuneLosses => Floats("losses");

    public IReadOnlyList<float> GradNormsBeforeClip => Floats("grad_norms_before_clip");

    public static ReferenceFixture Open(string architecture, [CallerFilePath] string callerFile = "")
    {
        // The fixtures live next to the repository (CI has them at the same relative path), found from this source file.
        var directory = new DirectoryInfo(Path.GetDirectoryName(callerFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
        {
            directory = directory.Parent;
        }
        var root = directory?.FullName ?? throw new InvalidOperationException($"no Operator.sln above {callerFile}");
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "hf-reference", architecture));
        return System.IO.Directory.Exists(path) ? new ReferenceFixture(path) : throw new DirectoryNotFoundException(path);
    }

    /// <summary>Inputs, labels and transformers' eval-mode logits.</summary>
    public Dictionary<string, torch.Tensor> ReadReference() => SafetensorsFile.Read(Path.Combine(Directory, "reference.safetensors"));

    /// <summary>Every parameter (and buffer) after transformers' three AdamW steps.</summary>
    public Dictionary<string, torch.Tensor> ReadAfterThreeSteps() => SafetensorsFile.Read(Path.Combine(Directory, "after_3_steps.safetensors"));

    public PretrainedModel LoadModel(IReadOnlyList<string>? labels = null, Action<string>? warn = null) =>
        PretrainedModelLoader.Load(Directory, labels: labels, warn: warn ?? (message => throw new InvalidOperationException($"unexpected warning: {message}")));

    private IReadOnlyList<float> Floats(string name) =>
        Json.GetProperty("full_finetune").GetProperty(name).EnumerateArray().Select(value => value.GetSingle()).ToArray();
}
