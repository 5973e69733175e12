namespace KubeTune.Trainer.Data;

/// <summary>
/// The examples of a text dataset: where each one's ids lie in the <see cref="TokenStore"/>, how many there are,
/// and one number per example (a class id, or the count of prompt tokens for instruction data).
/// </summary>
internal sealed class TokenizedExamples
{
    private readonly List<long> starts = [];
    private readonly List<int> lengths = [];
    private readonly List<int> values = [];

    public TokenizedExamples(TokenStore store) => Store = store;

    public TokenStore Store { get; }

    public int Count => starts.Count;

    public int Add(ReadOnlySpan<int> ids, int value)
    {
        starts.Add(Store.Append(ids));
        lengths.Add(ids.Length);
        values.Add(value);
        return starts.Count - 1;
    }

    public int Length(int example) => lengths[example];

    public int Value(int example) => values[example];

    public void SetValue(int example, int value) => values[example] = value;

    public void Read(int example, Span<int> destination) => Store.Read(starts[example], destination[..lengths[example]]);
}
