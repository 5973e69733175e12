using TorchSharp;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>The BERT encoder without a task head: returns the last hidden state and, with a pooler, the pooled [CLS].</summary>
public sealed class BertModel : nn.Module<Tensor, Tensor?, Tensor?, (Tensor LastHiddenState, Tensor? Pooled)>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler? pooler;

    public BertModel(BertConfig config, bool addPoolingLayer = true) : base(nameof(BertModel))
    {
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = addPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <param name="inputIds">[batch, sequence] int64 token ids.</param>
    /// <param name="attentionMask">[batch, sequence], 1 for real tokens and 0 for padding; null means no padding.</param>
    /// <param name="tokenTypeIds">[batch, sequence] segment ids; null means all segment 0.</param>
    public override (Tensor LastHiddenState, Tensor? Pooled) forward(Tensor inputIds, Tensor? attentionMask, Tensor? tokenTypeIds)
    {
        if (inputIds.dim() != 2)
        {
            throw new InvalidInputException($"input_ids must be [batch, sequence], got shape [{string.Join(", ", inputIds.shape)}]");
        }
        using var scope = NewDisposeScope();
        var keyMask = KeyMask(attentionMask, inputIds);
        var hidden = encoder.forward(embeddings.forward(inputIds, tokenTypeIds), keyMask);
        var pooled = pooler?.forward(hidden);
        return (hidden.MoveToOuterDisposeScope(), pooled?.MoveToOuterDisposeScope());
    }

    // SDPA takes a boolean mask where true means "may attend"; an all-ones mask is dropped so the fastest kernel runs.
    private static Tensor? KeyMask(Tensor? attentionMask, Tensor inputIds)
    {
        if (attentionMask is null)
        {
            return null;
        }
        if (!attentionMask.shape.SequenceEqual(inputIds.shape))
        {
            throw new InvalidInputException(
                $"attention_mask shape [{string.Join(", ", attentionMask.shape)}] differs from input_ids shape [{string.Join(", ", inputIds.shape)}]");
        }
        var keep = attentionMask.to(ScalarType.Bool);
        return keep.all().item<bool>() ? null : keep.view(inputIds.shape[0], 1, 1, inputIds.shape[1]);
    }
}
