using TorchSharp;

namespace KubeTune.Trainer.Models.Safetensors;

/// <summary>One tensor of a safetensors header, checked: its dtype, shape and byte range within the data section.</summary>
public sealed record SafetensorsEntry(string Name, string DTypeName, torch.ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;
}
