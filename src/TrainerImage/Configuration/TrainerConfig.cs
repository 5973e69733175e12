using System.Text.Json.Nodes;

namespace KubeTune.Trainer.Configuration;

/// <summary>
/// The trainer's configuration with every default applied, from the operator's job.json (kind TrainerConfig) or a
/// FineTuneJob manifest. Source is the file it was read from, for error messages. Search is kept as raw JSON.
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
    JsonObject? Search);
