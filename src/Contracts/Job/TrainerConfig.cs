namespace KubeTune.Contracts;

/// <summary>
/// The job as the trainer runs it, every default applied, from the operator's job.json or a FineTuneJob manifest
/// (<see cref="JobResolver"/>). Source is the file it was read from, for error messages. Workspace holds the pod
/// paths the operator chose (all null outside a pod) and the checkpoints' URI. StopAtStep ends a search rung early (see
/// <see cref="TrainerJobFile.StopAtStep"/>).
/// </summary>
public sealed record TrainerConfig(
    string Source,
    JobIdentity Job,
    string Task,
    ModelSection Model,
    DatasetSection Dataset,
    MethodSection Method,
    HyperparameterSection Hyperparameters,
    EarlyStoppingSection? EarlyStopping,
    CheckpointSection Checkpoint,
    OutputSection Output,
    WorkspacePaths Workspace,
    long? StopAtStep = null);
