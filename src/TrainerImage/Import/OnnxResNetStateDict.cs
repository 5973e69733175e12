using System.Globalization;
using TorchSharp;

namespace KubeTune.Trainer.Import;

/// <summary>Names the recognised ONNX weights as Hugging Face ResNetForImageClassification parameters and buffers.</summary>
public static class OnnxResNetStateDict
{
    /// <summary>
    /// The base model's tensors (prefix <c>resnet.</c>); <paramref name="sourceChannel"/> reorders the stem's input
    /// channels so the model reads pixels in the preprocessing's input order (e.g. RGB instead of BGR).
    /// </summary>
    public static Dictionary<string, torch.Tensor> Build(OnnxResNet resnet, IReadOnlyList<int>? sourceChannel)
    {
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        Add(tensors, "resnet.embedder.embedder", resnet.Stem);
        if (sourceChannel is not null)
        {
            // Network channel c reads pixel channel sourceChannel[c]; the imported stem reads pixels directly.
            var inverse = new long[sourceChannel.Count];
            for (var c = 0; c < sourceChannel.Count; c++)
            {
                inverse[sourceChannel[c]] = c;
            }
            var key = "resnet.embedder.embedder.convolution.weight";
            using var index = torch.tensor(inverse);
            var stem = tensors[key];
            tensors[key] = stem.index_select(1, index);
            stem.Dispose();
        }
        for (var s = 0; s < resnet.Stages.Count; s++)
        {
            for (var b = 0; b < resnet.Stages[s].Count; b++)
            {
                var block = resnet.Stages[s][b];
                var prefix = string.Create(CultureInfo.InvariantCulture, $"resnet.encoder.stages.{s}.layers.{b}");
                if (block.Shortcut is not null)
                {
                    Add(tensors, prefix + ".shortcut", block.Shortcut);
                }
                for (var l = 0; l < block.Layers.Count; l++)
                {
                    Add(tensors, string.Create(CultureInfo.InvariantCulture, $"{prefix}.layer.{l}"), block.Layers[l]);
                }
            }
        }
        return tensors;
    }

    private static void Add(Dictionary<string, torch.Tensor> tensors, string prefix, ConvBatchNorm layer)
    {
        tensors[prefix + ".convolution.weight"] = FromOnnx(layer.Weight);
        tensors[prefix + ".normalization.weight"] = FromOnnx(layer.Scale);
        tensors[prefix + ".normalization.bias"] = FromOnnx(layer.Bias);
        tensors[prefix + ".normalization.running_mean"] = FromOnnx(layer.RunningMean);
        tensors[prefix + ".normalization.running_var"] = FromOnnx(layer.RunningVar);
        tensors[prefix + ".normalization.num_batches_tracked"] = torch.tensor(0L);
    }

    // Batch-norm parameters may be stored as [C, 1, 1] by some exporters; the module keeps them as [C].
    private static torch.Tensor FromOnnx(OnnxTensor tensor) =>
        tensor.Dims.Count == 4 ? torch.tensor(tensor.Floats!, tensor.Dims.ToArray()) : torch.tensor(tensor.Floats!, [tensor.ElementCount]);
}
