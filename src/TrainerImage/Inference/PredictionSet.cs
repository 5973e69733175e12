using KubeTune.Trainer.Data;

namespace KubeTune.Trainer.Inference;

/// <summary>
/// Classification inputs ready for the model: batches in input order (built as the trainer builds evaluation batches),
/// what each input was (its text or image path) and its class id when the input carried a label.
/// Disposing deletes the temporary token store or unpacked images.
/// </summary>
public sealed class PredictionSet : IDisposable
{
    private readonly IReadOnlyList<IDisposable> owned;

    internal PredictionSet(IBatchSource source, IReadOnlyList<string> inputs, IReadOnlyList<int?> expected, string inputField, IReadOnlyList<IDisposable> owned)
    {
        Source = source;
        Inputs = inputs;
        Expected = expected;
        InputField = inputField;
        this.owned = owned;
    }

    public IBatchSource Source { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<int?> Expected { get; }

    /// <summary>The name the input goes by in each output line ("text" or "image").</summary>
    public string InputField { get; }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
