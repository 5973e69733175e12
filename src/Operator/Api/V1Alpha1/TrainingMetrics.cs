using System.Text.Json.Serialization;

namespace KubeTune.Operator.Api.V1Alpha1;

/// <summary>The latest training and evaluation metrics.</summary>
public sealed class TrainingMetrics
{
    [JsonPropertyName("trainLoss")]
    public double? TrainLoss { get; set; }

    [JsonPropertyName("evalLoss")]
    public double? EvalLoss { get; set; }

    [JsonPropertyName("evalAccuracy")]
    public double? EvalAccuracy { get; set; }

    [JsonPropertyName("evalF1")]
    public double? EvalF1 { get; set; }

    [JsonPropertyName("perplexity")]
    public double? Perplexity { get; set; }

    [JsonPropertyName("learningRate")]
    public double? LearningRate { get; set; }
}
