using TorchSharp;

namespace KubeTune.Trainer.Models;

/// <summary>What a forward pass returns: the logits, and the loss when the batch had labels.</summary>
public sealed record ModelOutput(torch.Tensor Logits, torch.Tensor? Loss);
