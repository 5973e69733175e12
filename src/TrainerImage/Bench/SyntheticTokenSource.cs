using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Bench;

/// <summary>Random token blocks (labels = inputs, no padding) standing in for a packed causal-lm dataset.</summary>
public sealed class SyntheticTokenSource : IBatchSource
{
    private readonly int sequenceLength;
    private readonly int vocabulary;

    public SyntheticTokenSource(int count, int sequenceLength, int vocabulary)
    {
        Count = count;
        this.sequenceLength = sequenceLength;
        this.vocabulary = vocabulary;
    }

    public int Count { get; }

    public long BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    public IEnumerable<DataBatch> Batches(int batchSize, int epoch, long seed, long skipBatches = 0)
    {
        var random = new Random(unchecked((int)seed + epoch));
        for (var index = 0L; index < BatchCount(batchSize); index++)
        {
            var rows = (int)Math.Min(batchSize, Count - (index * batchSize));
            var ids = new long[rows * sequenceLength];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = random.Next(vocabulary);
            }

            if (index < skipBatches)
            {
                continue;
            }

            var inputs = torch.tensor(ids, [rows, sequenceLength]);
            yield return new DataBatch(new ModelBatch(inputs, Labels: inputs.clone()), rows, ids.Length);
        }
    }

    public IEnumerable<DataBatch> InOrder(int batchSize) => Batches(batchSize, 0, 0);
}
