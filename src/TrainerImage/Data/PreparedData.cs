using System.Globalization;

namespace KubeTune.Trainer.Data;

/// <summary>
/// The task's data ready to train on: training batches, optional validation batches, the class names of a
/// classification task ordered by id, and the count of bad rows skipped (dataset.skipInvalid). Disposing deletes
/// the temporary token stores.
/// </summary>
public sealed class PreparedData : IDisposable
{
    private readonly IReadOnlyList<IDisposable> owned;

    public PreparedData(IBatchSource train, IBatchSource? validation, IReadOnlyList<string>? labelNames, long skippedRows, IReadOnlyList<IDisposable> owned)
    {
        Train = train;
        Validation = validation;
        LabelNames = labelNames;
        SkippedRows = skippedRows;
        this.owned = owned;
    }

    public IBatchSource Train { get; }

    public IBatchSource? Validation { get; }

    /// <summary>Class names by id for classification tasks (feed to HfConfig.WithLabels); null for LM tasks.</summary>
    public IReadOnlyList<string>? LabelNames { get; }

    public long SkippedRows { get; }

    /// <summary>config.json's id2label: "0" → name.</summary>
    public IReadOnlyDictionary<string, string> Id2Label =>
        (LabelNames ?? []).Select((name, id) => (name, id)).ToDictionary(pair => pair.id.ToString(CultureInfo.InvariantCulture), pair => pair.name);

    /// <summary>config.json's label2id: name → id.</summary>
    public IReadOnlyDictionary<string, int> Label2Id =>
        (LabelNames ?? []).Select((name, id) => (name, id)).ToDictionary(pair => pair.name, pair => pair.id);

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
