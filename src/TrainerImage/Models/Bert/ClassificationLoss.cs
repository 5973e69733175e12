using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>The single-label classification loss transformers uses when labels are class ids.</summary>
public static class ClassificationLoss
{
    /// <summary>Mean cross-entropy of [batch, classes] logits against [batch] int64 class ids.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        var classes = logits.shape[^1];
        if (labels.dtype is not (ScalarType.Int64 or ScalarType.Int32))
        {
            throw new InvalidInputException($"labels must be integer class ids for single-label classification, got {labels.dtype}");
        }
        using var scope = NewDisposeScope();
        var flatLabels = labels.view(-1).to(ScalarType.Int64);
        var flatLogits = logits.view(-1, classes);
        if (flatLabels.shape[0] != flatLogits.shape[0])
        {
            throw new InvalidInputException($"labels hold {flatLabels.shape[0]} entries for a batch of {flatLogits.shape[0]}");
        }
        // transformers' ignore index (-100) is allowed; anything else outside 0..classes-1 is a dataset error.
        // Scalars held by `using`: an implicit temporary can be finalized by a GC on another thread mid-call.
        using var ignoreIndex = (-100L).ToScalar();
        using var zero = 0L.ToScalar();
        using var classCount = classes.ToScalar();
        var invalid = flatLabels.ne(ignoreIndex).logical_and(flatLabels.lt(zero).logical_or(flatLabels.ge(classCount)));
        if (invalid.any().item<bool>())
        {
            throw new InvalidInputException($"labels must be class ids in 0..{classes - 1}, got {flatLabels.masked_select(invalid)[0].item<long>()}");
        }
        return nn.functional.cross_entropy(flatLogits, flatLabels).MoveToOuterDisposeScope();
    }
}
