namespace KubeTune.Trainer.Import;

/// <summary>What <c>import-onnx</c> wrote, for its report line.</summary>
/// <param name="ImageMean">The per-channel mean written to preprocessor_config.json (0-255 units, model channel order); null without preprocessing.</param>
/// <param name="RandomInitSeed">Set when the weights were freshly initialised (the random-start baseline) instead of imported.</param>
/// <param name="MeanImageDeviation">Largest |mean image - its channel mean| (0-255 units): the error of the per-channel approximation.</param>
public sealed record OnnxImportSummary(
    string OutputDirectory,
    OnnxResNet Network,
    int TensorCount,
    long WeightBytes,
    IReadOnlyList<double>? ImageMean,
    double MeanImageDeviation,
    int? NumLabels,
    long? RandomInitSeed = null);
