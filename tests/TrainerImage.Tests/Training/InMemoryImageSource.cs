using KubeTune.Trainer.Data;
using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Tests.Training;

/// <summary>Random [channels, side, side] images with class labels held in memory, shuffled per (seed, epoch), for loop tests.</summary>
public sealed class InMemoryImageSource : IBatchSource
{
    private readonly float[][] pixels;
    private readonly long[] labels;
    private readonly int channels;
    private readonly int side;

    public InMemoryImageSource(int count, int channels, int side, int classes, int seed)
    {
        var random = new Random(seed);
        this.channels = channels;
        this.side = side;
        pixels = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, channels * side * side).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        labels = Enumerable.Range(0, count).Select(_ => (long)random.Next(classes)).ToArray();
    }

    public int Count => labels.Length;

    public long BatchCount(int batchSize) => (labels.Length + batchSize - 1) / batchSize;

    public IEnumerable<DataBatch> Batches(int batchSize, int epoch, long seed, long skipBatches = 0)
    {
        var order = Enumerable.Range(0, labels.Length).ToArray();
        new Random(unchecked((int)(seed * 7919) + epoch)).Shuffle(order);
        return order.Chunk(batchSize).Skip((int)skipBatches).Select(Build);
    }

    public IEnumerable<DataBatch> InOrder(int batchSize) => Enumerable.Range(0, labels.Length).Chunk(batchSize).Select(Build);

    private DataBatch Build(int[] indices)
    {
        var values = indices.SelectMany(i => pixels[i]).ToArray();
        var batch = new ModelBatch(
            PixelValues: torch.tensor(values, [indices.Length, channels, side, side]),
            Labels: torch.tensor(indices.Select(i => labels[i]).ToArray()));
        return new DataBatch(batch, indices.Length, 0);
    }
}
