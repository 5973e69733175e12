namespace KubeTune.Trainer.Storage;

/// <summary>Model repositories live at /ORG/NAME on the hub, dataset repositories at /datasets/ORG/NAME.</summary>
public enum HubRepositoryKind
{
    Model,
    Dataset,
}
