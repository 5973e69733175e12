namespace KubeTune.Contracts.Tests.Spec;

public sealed class TrainingSpecValidatorTests
{
    private static TrainingSpec Valid() => new()
    {
        Task = FineTuneTask.CausalLm,
        Model = new ModelSource { Uri = "hf://org/gpt2" },
        Dataset = new DatasetSpec { Uri = "file:///data/train.jsonl" },
        Output = new OutputSpec { Uri = "pvc://models/out" },
    };

    [Fact]
    public void Validate_ValidSpec_NoProblems()
    {
        Assert.Empty(TrainingSpecValidator.Validate(Valid()));
    }

    public static TheoryData<Action<TrainingSpec>, string, string> Mistakes => new()
    {
        { s => s.Hyperparameters = new() { LearningRate = 0 }, "spec.hyperparameters.learningRate", "must be greater than 0 and at most 1, got 0" },
        { s => s.Hyperparameters = new() { MaxSequenceLength = 200_000 }, "spec.hyperparameters.maxSequenceLength", "must be at least 1 and at most 131072, got 200000" },
        { s => s.Hyperparameters = new() { Precision = "int8" }, "spec.hyperparameters.precision", "must be one of fp32, fp16, bf16, got 'int8'" },
        { s => s.Method = new() { Type = FineTuneMethod.Lora, Lora = new() { Dropout = 1 } }, "spec.method.lora.dropout", "must be at least 0 and less than 1, got 1" },
        { s => s.Method = new() { Type = FineTuneMethod.Full, Lora = new() }, "spec.method.lora", "may only be set when method.type is lora" },
        { s => s.Method = new() { Type = FineTuneMethod.Head }, "spec.method.type", "head needs a classification task" },
        { s => s.Output.Format = OutputFormat.PeftAdapter, "spec.output.format", "peft-adapter requires method.type lora" },
        { s => s.Dataset.ValidationSplit = 0.1, "", "" },
        { s => (s.Dataset.ValidationSplit, s.Dataset.ValidationUri) = (0.1, "file:///v.jsonl"), "spec.dataset.validationSplit", "and validationUri are both set" },
        { s => s.Task = "", "spec.task", "is required" },
        { s => s.Model.Uri = "", "spec.model.uri", "is required" },
        { s => s.Model.Uri = "pvc://../x", "spec.model.uri", "is not a DNS-1123 label" },
        { s => s.Output.Uri = "https://example.com/out", "spec.output.uri", "is not allowed here; use pvc://CLAIM/PATH, file:///PATH" },
        { s => s.Output.Uri = "pvc://models", "spec.output.uri", "'pvc://models' is the root of claim models; name a folder in it (pvc://models/NAME)" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/bert", "pvc://models/bert/"), "spec.output.uri", "'pvc://models/bert/' is the same location as spec.model.uri; the trainer would overwrite its input" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/bert", "pvc://models//bert"), "spec.output.uri", "is the same location as spec.model.uri" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/base/bert", "pvc://models/base"), "spec.output.uri", "'pvc://models/base' contains spec.model.uri ('pvc://models/base/bert')" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/bert", "pvc://models/bert/out"), "spec.output.uri", "'pvc://models/bert/out' lies inside spec.model.uri ('pvc://models/bert')" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/bert", "pvc://models/bert-2"), "", "" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/bert", "pvc://other/bert"), "", "" },
        { s => (s.Model.Uri, s.Output.Uri) = ("pvc://models/out-checkpoints", "pvc://models/out"), "spec.output.uri", "its checkpoints ('pvc://models/out-checkpoints') is the same location as spec.model.uri" },
        { s => (s.Model.Uri, s.Output.Uri) = ("file:///models/bert", "file:///models/bert"), "spec.output.uri", "is the same location as spec.model.uri" },
        { s => (s.Model.Uri, s.Output.Uri) = ("file:///models/bert", "pvc://models/bert"), "", "" },
        { s => s.Output.Uri = "file:///data", "spec.output.uri", "'file:///data' contains spec.dataset.uri ('file:///data/train.jsonl')" },
        { s => s.Output.Uri = "file:///data/train.jsonl/out", "spec.output.uri", "lies inside spec.dataset.uri" },
        { s => s.Output.Uri = "file:///data/out", "", "" },
        { s => (s.Dataset.ValidationUri, s.Output.Uri) = ("pvc://data/sst2/validation.jsonl", "pvc://data/sst2"), "spec.output.uri", "contains spec.dataset.validationUri ('pvc://data/sst2/validation.jsonl')" },
        { s => (s.Dataset.Uri, s.Output.Uri) = ("pvc://data/images", "pvc://data/images/out"), "spec.output.uri", "lies inside spec.dataset.uri ('pvc://data/images')" },
        { s => s.Output.Uri = "file:///etc/kubetune", "spec.output.uri", "is inside /etc/kubetune, which the trainer pod reserves" },
        { s => s.Output.Uri = "file:///workspace/model", "spec.output.uri", "is inside /workspace, which the trainer pod reserves" },
        { s => s.Output.Uri = "file:///workspaces/out", "", "" },
        { s => s.Checkpoint = new() { Keep = 0 }, "spec.checkpoint.keep", "must be at least 1 and at most 100, got 0" },
        { s => s.EarlyStopping = new() { Metric = "bleu" }, "spec.earlyStopping.metric", "must be one of train_loss" },
        { s => s.Search = new() { Objective = new() { Metric = "eval_loss" }, MaxTrials = 2, ParallelTrials = 3 }, "spec.search.parallelTrials", "may not exceed maxTrials (2), got 3" },
        { s => s.Search = new() { Objective = new() { Metric = "eval_loss" }, Parameters = { ["learningRate"] = new() { Steps = 1 } } }, "spec.search.parameters.learningRate.steps", "must be at least 2 and at most 100, got 1" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Validate_Mistake_NamesTheFieldAndTheProblem(Action<TrainingSpec> change, string field, string problem)
    {
        var spec = Valid();
        change(spec);

        var problems = TrainingSpecValidator.Validate(spec);

        if (field.Length == 0)
        {
            Assert.Empty(problems);
            return;
        }

        Assert.Contains(problems, p => p.Field == field && p.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void BoundsProblem_ExclusiveAndOpenEnds_SaysWhichEndWasCrossed()
    {
        Assert.Null(new BoundsAttribute(0, 1) { ExclusiveMinimum = true }.Problem(0.5));
        Assert.Equal("must be greater than 0, got 0", new BoundsAttribute(0) { ExclusiveMinimum = true }.Problem(0));
        Assert.Equal("must be at least 1, got NaN", new BoundsAttribute(1).Problem(double.NaN));
    }
}
