using System.Text.Json;
using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Tests.Models;

namespace KubeTune.Trainer.Tests.Evaluation;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Compute_ReferenceLabels_EqualsScikitLearn()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(HfReferenceFixture.Root, "classification_metrics.json")));
        var root = document.RootElement;
        var labels = root.GetProperty("labels").EnumerateArray().Select(v => v.GetInt64()).ToList();
        var predictions = root.GetProperty("predictions").EnumerateArray().Select(v => v.GetInt64()).ToList();

        var metrics = ClassificationMetrics.Compute(labels, predictions, 3);

        Assert.Equal(root.GetProperty("accuracy").GetDouble(), metrics.Accuracy, 12);
        Assert.Equal(root.GetProperty("f1_macro").GetDouble(), metrics.MacroF1, 12);
        Assert.Equal(root.GetProperty("f1_micro").GetDouble(), metrics.MicroF1, 12);
        Assert.Equal(root.GetProperty("f1_weighted").GetDouble(), metrics.WeightedF1, 12);
        Assert.Equal(root.GetProperty("precision_macro").GetDouble(), metrics.MacroPrecision, 12);
        Assert.Equal(root.GetProperty("recall_macro").GetDouble(), metrics.MacroRecall, 12);
        var expectedMatrix = root.GetProperty("confusion_matrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetInt64()).ToList()).ToList();
        Assert.Equal(expectedMatrix, metrics.ConfusionMatrix.Select(row => row.ToList()).ToList());
    }

    [Fact]
    public void Compute_ClassNeverPredicted_HasZeroPrecisionNotNaN()
    {
        var metrics = ClassificationMetrics.Compute([0, 1, 1], [0, 0, 0], 2);

        Assert.Equal(0, metrics.Precision[1]);
        Assert.Equal(0, metrics.Recall[1]);
        Assert.Equal(1.0 / 3, metrics.Accuracy, 12);
    }
}
