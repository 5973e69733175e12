namespace KubeTune.Trainer.Import;

/// <summary>A ResNet recognised in an ONNX graph, up to the global average pooling that gives the pooled features.</summary>
public sealed record OnnxResNet(
    OnnxValueInfo Input,
    ConvBatchNorm Stem,
    IReadOnlyList<IReadOnlyList<OnnxResNetBlock>> Stages,
    bool AsymmetricStridedPadding,
    string PooledOutput,
    IReadOnlyList<OnnxNode> IgnoredNodes)
{
    public string LayerType => Stages[0][0].Layers.Count == 3 ? "bottleneck" : "basic";

    public IReadOnlyList<int> Depths => Stages.Select(stage => stage.Count).ToList();

    public IReadOnlyList<int> HiddenSizes => Stages.Select(stage => (int)stage[0].OutChannels).ToList();

    public int NumChannels => (int)Stem.Weight.Dims[1];

    public int EmbeddingSize => (int)Stem.Weight.Dims[0];

    public bool DownsampleInFirstStage => Stages[0][0].Stride > 1;

    /// <summary>Bottleneck blocks that stride in their first 1x1 conv (ResNet v1) rather than the 3x3.</summary>
    public bool DownsampleInBottleneck =>
        LayerType == "bottleneck" && Stages.SelectMany(stage => stage).FirstOrDefault(block => block.Stride > 1)?.Layers[0].Stride > 1;
}
