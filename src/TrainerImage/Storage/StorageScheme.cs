namespace KubeTune.Trainer.Storage;

/// <summary>The kinds of location a config may name.</summary>
public enum StorageScheme
{
    File,
    Pvc,
    HuggingFace,
    Https,
}
