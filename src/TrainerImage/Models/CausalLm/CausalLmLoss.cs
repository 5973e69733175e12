using TorchSharp;

namespace KubeTune.Trainer.Models.CausalLm;

/// <summary>Hugging Face's causal LM loss: token t predicts label t+1, label -100 is ignored, mean over the rest.</summary>
public static class CausalLmLoss
{
    public const long IgnoreIndex = -100;

    public static torch.Tensor Compute(torch.Tensor logits, torch.Tensor labels)
    {
        var vocab = logits.shape[^1];
        var shiftedLogits = logits[.., ..^1, ..].to(torch.ScalarType.Float32).reshape(-1, vocab);
        var shiftedLabels = labels[.., 1..].reshape(-1).to(logits.device);
        return torch.nn.functional.cross_entropy(shiftedLogits, shiftedLabels, ignore_index: IgnoreIndex);
    }
}
