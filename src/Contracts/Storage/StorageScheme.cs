namespace KubeTune.Contracts;

/// <summary>The kinds of location a model, dataset or output URI may name.</summary>
public enum StorageScheme
{
    /// <summary>file:///PATH: inside the trainer image (or on the host in local mode).</summary>
    File,

    /// <summary>pvc://CLAIM/PATH: a PersistentVolumeClaim, mounted by the operator.</summary>
    Pvc,

    /// <summary>hf://ORG/NAME[@REVISION]: the Hugging Face hub, downloaded by the trainer.</summary>
    HuggingFace,

    /// <summary>https://URL: a single file, downloaded by the trainer.</summary>
    Https,
}
