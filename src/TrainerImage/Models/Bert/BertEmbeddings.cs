using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KubeTune.Trainer.Models.Bert;

/// <summary>Word + absolute position + token type embeddings, then LayerNorm and dropout.</summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;
    private readonly int maxPositions;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        maxPositions = config.MaxPositionEmbeddings;
        RegisterComponents();
    }

    /// <param name="inputIds">[batch, sequence] token ids.</param>
    /// <param name="tokenTypeIds">[batch, sequence] segment ids; all zeros when absent.</param>
    public override Tensor forward(Tensor inputIds, Tensor? tokenTypeIds)
    {
        var sequenceLength = inputIds.shape[1];
        if (sequenceLength > maxPositions)
        {
            throw new InvalidInputException($"sequence length {sequenceLength} exceeds max_position_embeddings {maxPositions}");
        }
        using var scope = NewDisposeScope();
        var positions = KeptScalars.Positions(sequenceLength, ScalarType.Int64, inputIds.device).unsqueeze(0);
        var segments = tokenTypeIds ?? zeros_like(inputIds);
        var embeddings = word_embeddings.forward(inputIds)
            .add(token_type_embeddings.forward(segments), KeptScalars.One)
            .add(position_embeddings.forward(positions), KeptScalars.One);
        return dropout.forward(LayerNorm.forward(embeddings)).MoveToOuterDisposeScope();
    }
}
