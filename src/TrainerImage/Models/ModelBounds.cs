namespace KubeTune.Trainer.Models;

/// <summary>
/// The largest config.json sizes the trainer accepts, each well above any published model of the supported families,
/// so a corrupt or hostile config is refused before a network is built from it.
/// </summary>
public static class ModelBounds
{
    public const int MaxHiddenSize = 65_536;
    public const int MaxIntermediateSize = 1 << 20;
    public const int MaxLayers = 1_024;
    public const int MaxHeads = 1_024;
    public const int MaxVocabulary = 1 << 22;
    public const int MaxPositions = 1 << 21;
    public const int MaxLabels = 100_000;
    public const int MaxChannels = 65_536;
}
