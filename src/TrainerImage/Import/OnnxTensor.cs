namespace KubeTune.Trainer.Import;

/// <summary>An ONNX initializer: its float values (null for other element types, which the importer never reads).</summary>
public sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, int DataType, float[]? Floats)
{
    public const int FloatType = 1;

    public long ElementCount => Dims.Aggregate(1L, (product, dim) => product * dim);
}
