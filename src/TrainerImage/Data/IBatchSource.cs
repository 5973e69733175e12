namespace KubeTune.Trainer.Data;

/// <summary>
/// The examples of one split, read from disk as batches. The order of <see cref="Batches"/> depends only on
/// (seed, epoch), so a resumed run that skips the batches it already trained continues at the same position.
/// </summary>
public interface IBatchSource
{
    /// <summary>The number of examples (for causal-lm: packed blocks).</summary>
    int Count { get; }

    /// <summary>Batches per epoch: the last batch may be smaller.</summary>
    long BatchCount(int batchSize);

    /// <summary>Shuffled batches of one epoch; the first <paramref name="skipBatches"/> are skipped without being read.</summary>
    IEnumerable<DataBatch> Batches(int batchSize, int epoch, long seed, long skipBatches = 0);

    /// <summary>Batches in file order, for evaluation.</summary>
    IEnumerable<DataBatch> InOrder(int batchSize);
}
