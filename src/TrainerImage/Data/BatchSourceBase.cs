namespace KubeTune.Trainer.Data;

/// <summary>Batching shared by every source: a split is a list of example ids, shuffled per (seed, epoch).</summary>
internal abstract class BatchSourceBase : IBatchSource
{
    // Stream ids of shuffles that are not epochs, so they never coincide with an epoch's order.
    private const long EpochStream = 1;

    private readonly int[] members;

    protected BatchSourceBase(int[] members) => this.members = members;

    public int Count => members.Length;

    public long BatchCount(int batchSize) => (Count + (long)CheckBatchSize(batchSize) - 1) / batchSize;

    public IEnumerable<DataBatch> Batches(int batchSize, int epoch, long seed, long skipBatches = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipBatches);
        return Iterate(BatchOrder.Shuffle(members, seed, EpochStream + epoch), CheckBatchSize(batchSize), skipBatches);
    }

    public IEnumerable<DataBatch> InOrder(int batchSize) => Iterate(members, CheckBatchSize(batchSize), 0);

    /// <summary>Builds one batch of the given example ids.</summary>
    protected abstract DataBatch Build(int[] exampleIds);

    private IEnumerable<DataBatch> Iterate(int[] order, int batchSize, long skipBatches)
    {
        for (var start = skipBatches * batchSize; start < order.Length; start += batchSize)
        {
            yield return Build(order[(int)start..(int)Math.Min(order.Length, start + batchSize)]);
        }
    }

    private static int CheckBatchSize(int batchSize) =>
        batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least 1");
}
