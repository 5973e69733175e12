using KubeTune.Trainer.Evaluation;
using KubeTune.Trainer.Tests.Configuration;
using KubeTune.Trainer.Training;

namespace KubeTune.Trainer.Tests.Training;

public sealed class ModelCardTests
{
    private static readonly EvaluationResult Classification = new(120, 0.4321, 200,
        new ClassificationMetrics(0.9, 0.88, 0.9, 0.89, 0.87, 0.86, [0.9, 0.84], [0.85, 0.87], [0.87, 0.85], [100, 100], [[85, 15], [13, 87]]), null);

    private static TrainingResult Finished(EvaluationResult? evaluation) => new(TrainingOutcome.Completed, 120, 120, 0.3456, evaluation, null, new StepTimings());

    [Fact]
    public void Render_HubModelLoraAdapter_MetadataNamesTheHubIdAndTheBodyEveryFact()
    {
        var config = TestConfigs.Resolve(FineTuneTask.Instruction, "hf://meta-llama/Llama-3.2-1B@4e20de3", "pvc://data/alpaca.jsonl", "pvc://models/llama-alpaca", spec =>
        {
            spec.Method = new MethodSpec { Type = FineTuneMethod.Lora, Lora = new LoraSpec { R = 16, Alpha = 32, Dropout = 0.05, TargetModules = ["q_proj", "v_proj"] } };
            spec.Output.Format = OutputFormat.PeftAdapter;
            spec.Dataset.ValidationSplit = 0.1;
            spec.Hyperparameters = new Hyperparameters { LearningRate = 2e-4, BatchSize = 4, GradientAccumulationSteps = 4, Epochs = 3, Precision = "bf16" };
        });

        var card = ModelCard.Render(config, Finished(new EvaluationResult(120, 1.25, 50, null, 3.49)));

        Assert.StartsWith("---\nbase_model: meta-llama/Llama-3.2-1B\nlibrary_name: peft\npipeline_tag: text-generation\n", card, StringComparison.Ordinal);
        foreach (var fact in new[]
        {
            "(revision `4e20de3`)", "| base model | `hf://meta-llama/Llama-3.2-1B@4e20de3` |", "| dataset | `pvc://data/alpaca.jsonl` |",
            "| validation | 0.1 of the dataset, held out |", "| task | instruction |", "| method | lora (r 16, alpha 32, dropout 0.05, target modules q_proj, v_proj) |",
            "| learning rate | 0.0002 |", "| batch size | 4 (gradient accumulation 4) |", "| epochs | 3 |", "| precision | bf16 |", "| seed | 42 |",
            "| eval_loss | 1.25 |", "| perplexity | 3.49 |", "On 50 validation examples at step 120", $"| KubeTune | {ModelCard.KubeTuneVersion} |",
        })
        {
            Assert.Contains(fact, card, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_LocalClassifier_NoBaseModelMetadataAndClassificationMetrics()
    {
        var config = TestConfigs.Resolve(FineTuneTask.TextClassification, "pvc://models/bert-tiny", "pvc://data/sst2.jsonl", "pvc://models/bert-sst2");

        var card = ModelCard.Render(config, Finished(Classification));

        Assert.DoesNotContain("base_model:", card, StringComparison.Ordinal);
        Assert.Contains("library_name: transformers", card, StringComparison.Ordinal);
        Assert.Contains("A fine-tuned `bert-tiny`", card, StringComparison.Ordinal);
        Assert.Contains("| eval_accuracy | 0.9 |", card, StringComparison.Ordinal);
        Assert.Contains("| eval_f1 (macro) | 0.88 |", card, StringComparison.Ordinal);
        Assert.Contains("| train_loss (last step) | 0.3456 |", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoValidationData_SaysSoWithTheLastTrainingLoss()
    {
        var config = TestConfigs.Resolve(FineTuneTask.CausalLm, "pvc://models/gpt2-tiny", "pvc://data/wiki.txt", "pvc://models/gpt2-wiki");

        var card = ModelCard.Render(config, Finished(null));

        Assert.Contains("| validation | none |", card, StringComparison.Ordinal);
        Assert.Contains("No validation data was given, so the model was not evaluated.\nThe last training loss was 0.3456.", card, StringComparison.Ordinal);
    }

    [Fact]
    public void KubeTuneVersion_ComparedWithTheChart_IsItsAppVersion()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Operator.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Operator.sln not found above the test's folder");
        }

        var appVersion = File.ReadAllLines(Path.Combine(root, "charts", "kubetune", "Chart.yaml")).Single(line => line.StartsWith("appVersion:", StringComparison.Ordinal));

        Assert.Equal($"appVersion: \"{ModelCard.KubeTuneVersion}\"", appVersion);
    }
}
