using KubeTune.Trainer.Models.CausalLm;
using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>
/// The inputs of one forward pass, named as Hugging Face names them; absent inputs are null. <see cref="Cache"/>
/// (decoders only): the keys and values of earlier tokens, which the pass reads and extends (past_key_values).
/// </summary>
public sealed record ModelBatch(
    torch.Tensor? InputIds = null,
    torch.Tensor? AttentionMask = null,
    torch.Tensor? TokenTypeIds = null,
    torch.Tensor? PixelValues = null,
    torch.Tensor? Labels = null,
    KeyValueCache? Cache = null)
{
    public const string InputIdsName = "input_ids";
    public const string AttentionMaskName = "attention_mask";
    public const string TokenTypeIdsName = "token_type_ids";
    public const string PixelValuesName = "pixel_values";
    public const string LabelsName = "labels";

    /// <summary>Picks the known inputs out of a dictionary (for example a safetensors file); other keys are ignored.</summary>
    public static ModelBatch FromTensors(IReadOnlyDictionary<string, torch.Tensor> tensors) => new(
        tensors.GetValueOrDefault(InputIdsName),
        tensors.GetValueOrDefault(AttentionMaskName),
        tensors.GetValueOrDefault(TokenTypeIdsName),
        tensors.GetValueOrDefault(PixelValuesName),
        tensors.GetValueOrDefault(LabelsName));

    /// <summary>The same batch on another device (for example the model's).</summary>
    public ModelBatch To(torch.Device device) => To(device, nonBlocking: false);

    /// <summary>The same batch on another device; <paramref name="nonBlocking"/> copies pinned memory asynchronously.</summary>
    public ModelBatch To(torch.Device device, bool nonBlocking) => new(
        Move(InputIds, device, nonBlocking),
        Move(AttentionMask, device, nonBlocking),
        Move(TokenTypeIds, device, nonBlocking),
        Move(PixelValues, device, nonBlocking),
        Move(Labels, device, nonBlocking),
        Cache);

    /// <summary>The input ids, or an error naming the missing input.</summary>
    public torch.Tensor RequireInputIds() =>
        InputIds ?? throw new InvalidInputException($"the batch has no '{InputIdsName}'");

    private static torch.Tensor? Move(torch.Tensor? tensor, torch.Device device, bool nonBlocking) =>
        tensor is null ? null : nonBlocking ? tensor.to(device.type, device.index, non_blocking: true) : tensor.to(device);
}
