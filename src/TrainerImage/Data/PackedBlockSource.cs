using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Data;

/// <summary>
/// Causal LM blocks: the whole token stream (texts joined by EOS) cut into blocks of the block length; example i is
/// tokens [i·L, (i+1)·L). Labels are the ids (the model shifts them). A stream shorter than one block is one block.
/// </summary>
internal sealed class PackedBlockSource : BatchSourceBase
{
    private readonly TokenStore store;
    private readonly int blockLength;

    public PackedBlockSource(TokenStore store, int blockLength, int[] members)
        : base(members)
    {
        this.store = store;
        this.blockLength = blockLength;
    }

    public static int BlockCount(long tokens, int blockLength) =>
        tokens == 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Max(1, tokens / blockLength));

    protected override DataBatch Build(int[] exampleIds)
    {
        var width = (int)Math.Min(blockLength, store.Length);
        var buffer = new int[width];
        var ids = new long[exampleIds.Length * width];
        for (var row = 0; row < exampleIds.Length; row++)
        {
            store.Read((long)exampleIds[row] * blockLength, buffer);
            for (var column = 0; column < width; column++)
            {
                ids[(row * width) + column] = buffer[column];
            }
        }

        var inputIds = torch.tensor(ids, [exampleIds.Length, width]);
        var inputs = new ModelBatch(
            InputIds: inputIds,
            AttentionMask: torch.ones([exampleIds.Length, width], torch.int64),
            Labels: inputIds.clone());
        return new DataBatch(inputs, exampleIds.Length, ids.LongLength);
    }
}
