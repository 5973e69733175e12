using TorchSharp;

namespace KubeTune.Trainer.Tokenization;

/// <summary>Padded token ids and the attention mask (1 for tokens, 0 for padding), one row per text.</summary>
public sealed record TokenBatch(long[][] InputIds, long[][] AttentionMask)
{
    public torch.Tensor InputIdsTensor() => ToTensor(InputIds);

    public torch.Tensor AttentionMaskTensor() => ToTensor(AttentionMask);

    private static torch.Tensor ToTensor(long[][] rows)
    {
        var width = rows.Length == 0 ? 0 : rows[0].Length;
        return torch.tensor(rows.SelectMany(row => row).ToArray(), [rows.Length, width]);
    }
}
