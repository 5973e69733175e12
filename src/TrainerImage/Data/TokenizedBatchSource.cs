using KubeTune.Trainer.Models;
using TorchSharp;

namespace KubeTune.Trainer.Data;

/// <summary>Batches of tokenized examples, right-padded to the longest in the batch.</summary>
internal sealed class TokenizedBatchSource : BatchSourceBase
{
    public const long IgnoreIndex = -100;

    private readonly TokenizedExamples examples;
    private readonly TokenizedBatchKind kind;
    private readonly long padId;

    public TokenizedBatchSource(TokenizedExamples examples, int[] members, TokenizedBatchKind kind, long padId)
        : base(members)
    {
        this.examples = examples;
        this.kind = kind;
        this.padId = padId;
    }

    protected override DataBatch Build(int[] exampleIds)
    {
        var width = exampleIds.Max(examples.Length);
        var rows = exampleIds.Length;
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        var labels = kind == TokenizedBatchKind.Instruction ? new long[rows * width] : new long[rows];
        var buffer = new int[width];
        long tokens = 0;
        for (var row = 0; row < rows; row++)
        {
            var example = exampleIds[row];
            var length = examples.Length(example);
            examples.Read(example, buffer);
            tokens += length;
            var promptLength = kind == TokenizedBatchKind.Instruction ? examples.Value(example) : 0;
            for (var column = 0; column < width; column++)
            {
                var at = (row * width) + column;
                var real = column < length;
                ids[at] = real ? buffer[column] : padId;
                mask[at] = real ? 1 : 0;
                if (kind == TokenizedBatchKind.Instruction)
                {
                    labels[at] = real && column >= promptLength ? buffer[column] : IgnoreIndex;
                }
            }

            if (kind == TokenizedBatchKind.Classification)
            {
                labels[row] = examples.Value(example);
            }
        }

        var inputs = new ModelBatch(
            InputIds: torch.tensor(ids, [rows, width]),
            AttentionMask: torch.tensor(mask, [rows, width]),
            Labels: kind == TokenizedBatchKind.Instruction ? torch.tensor(labels, [rows, width]) : torch.tensor(labels, [rows]));
        return new DataBatch(inputs, rows, tokens);
    }
}
