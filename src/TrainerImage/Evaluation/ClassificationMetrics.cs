namespace KubeTune.Trainer.Evaluation;

/// <summary>
/// scikit-learn's classification metrics for one evaluation: averages run over the classes that occur in the labels or
/// the predictions (sklearn's default), a class with no predictions has precision 0 (zero_division=0).
/// </summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double MacroF1,
    double MicroF1,
    double WeightedF1,
    double MacroPrecision,
    double MacroRecall,
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> F1,
    IReadOnlyList<long> Support,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix)
{
    /// <summary>Row = true class, column = predicted class, as sklearn's confusion_matrix.</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<long> labels, IReadOnlyList<long> predictions, int classCount)
    {
        if (labels.Count != predictions.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions", nameof(predictions));
        }

        var matrix = new long[classCount][];
        for (var i = 0; i < classCount; i++)
        {
            matrix[i] = new long[classCount];
        }

        for (var i = 0; i < labels.Count; i++)
        {
            matrix[labels[i]][predictions[i]]++;
        }

        var precision = new double[classCount];
        var recall = new double[classCount];
        var f1 = new double[classCount];
        var support = new long[classCount];
        var present = new List<int>();
        long correct = 0;
        for (var c = 0; c < classCount; c++)
        {
            var truePositives = matrix[c][c];
            var predicted = Enumerable.Range(0, classCount).Sum(row => matrix[row][c]);
            support[c] = matrix[c].Sum();
            correct += truePositives;
            precision[c] = Ratio(truePositives, predicted);
            recall[c] = Ratio(truePositives, support[c]);
            f1[c] = precision[c] + recall[c] > 0 ? 2 * precision[c] * recall[c] / (precision[c] + recall[c]) : 0;
            if (support[c] > 0 || predicted > 0)
            {
                present.Add(c);
            }
        }

        var total = labels.Count;
        var accuracy = Ratio(correct, total);
        return new ClassificationMetrics(
            accuracy,
            Mean(present, f1),
            accuracy,
            total == 0 ? 0 : present.Sum(c => f1[c] * support[c]) / total,
            Mean(present, precision),
            Mean(present, recall),
            precision,
            recall,
            f1,
            support,
            matrix);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static double Mean(IReadOnlyList<int> classes, double[] values) => classes.Count == 0 ? 0 : classes.Average(c => values[c]);
}
