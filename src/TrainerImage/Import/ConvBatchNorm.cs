namespace KubeTune.Trainer.Import;

/// <summary>A bias-free Conv followed by a BatchNormalization: one HF <c>ResNetConvLayer</c> or shortcut.</summary>
public sealed record ConvBatchNorm(
    OnnxNode Conv,
    OnnxTensor Weight,
    OnnxTensor Scale,
    OnnxTensor Bias,
    OnnxTensor RunningMean,
    OnnxTensor RunningVar,
    long Stride,
    long KernelSize,
    IReadOnlyList<long> Pads,
    string Output);
