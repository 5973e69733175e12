using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Training;

/// <summary>Equal-length examples held in memory, shuffled per (seed, epoch) like the real sources, for loop tests.</summary>
public sealed class InMemoryBatchSource : IBatchSource
{
    private readonly IReadOnlyList<TrainingExample> examples;

    public InMemoryBatchSource(IReadOnlyList<TrainingExample> examples)
    {
        this.examples = examples;
    }

    public int Count => examples.Count;

    public long BatchCount(int batchSize) => (examples.Count + batchSize - 1) / batchSize;

    public IEnumerable<DataBatch> Batches(int batchSize, int epoch, long seed, long skipBatches = 0)
    {
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(unchecked((int)(seed * 7919) + epoch)).Shuffle(order);
        return Chunk(order, batchSize).Skip((int)skipBatches).Select(Build);
    }

    public IEnumerable<DataBatch> InOrder(int batchSize) => Chunk(Enumerable.Range(0, examples.Count).ToArray(), batchSize).Select(Build);

    private static IEnumerable<int[]> Chunk(int[] order, int batchSize) => order.Chunk(batchSize);

    private DataBatch Build(int[] indices)
    {
        var rows = indices.Select(i => examples[i]).ToList();
        var width = rows[0].InputIds.Length;
        var inputIds = torch.tensor(rows.SelectMany(row => row.InputIds).ToArray(), [rows.Count, width]);
        var mask = torch.tensor(rows.SelectMany(row => row.AttentionMask).ToArray(), [rows.Count, width]);
        var labels = rows[0].TokenLabels is null
            ? torch.tensor(rows.Select(row => row.ClassLabel).ToArray())
            : torch.tensor(rows.SelectMany(row => row.TokenLabels!).ToArray(), [rows.Count, width]);
        return new DataBatch(new ModelBatch(inputIds, mask, Labels: labels), rows.Count, rows.Sum(row => row.AttentionMask.Sum()));
    }
}
