namespace KubeTune.Contracts;

/// <summary>
/// Fills a training spec with <see cref="Defaults"/>: the operator writes the result into job.json, and the trainer
/// resolves a manifest through it, so both sides run the same job. The input is not changed.
/// </summary>
public static class JobDefaults
{
    public static TrainingSpec Apply(TrainingSpec spec)
    {
        var hyperparameters = spec.Hyperparameters ?? new Hyperparameters();
        var fields = spec.Dataset.Fields;
        var methodType = spec.Method?.Type ?? Defaults.Method;
        var lora = spec.Method?.Lora;
        return new TrainingSpec
        {
            Model = new ModelSource { Uri = spec.Model.Uri },
            Task = spec.Task,
            Dataset = new DatasetSpec
            {
                Uri = spec.Dataset.Uri,
                ValidationUri = spec.Dataset.ValidationUri,
                ValidationSplit = spec.Dataset.ValidationSplit,
                SkipInvalid = spec.Dataset.SkipInvalid ?? Defaults.SkipInvalid,
                Fields = new DatasetFields
                {
                    Text = fields?.Text ?? Defaults.TextField,
                    Label = fields?.Label ?? Defaults.LabelField,
                    Prompt = fields?.Prompt ?? Defaults.PromptField,
                    Completion = fields?.Completion ?? Defaults.CompletionField,
                    Image = fields?.Image ?? Defaults.ImageField,
                    Messages = fields?.Messages ?? Defaults.MessagesField,
                },
            },
            Method = new MethodSpec
            {
                Type = methodType,
                Lora = methodType != FineTuneMethod.Lora ? null : new LoraSpec
                {
                    R = lora?.R ?? Defaults.LoraR,
                    Alpha = lora?.Alpha ?? Defaults.LoraAlpha,
                    Dropout = lora?.Dropout ?? Defaults.LoraDropout,
                    TargetModules = lora?.TargetModules?.ToList(),
                },
            },
            Hyperparameters = new Hyperparameters
            {
                LearningRate = hyperparameters.LearningRate ?? Defaults.LearningRate,
                BatchSize = hyperparameters.BatchSize ?? Defaults.BatchSize,
                GradientAccumulationSteps = hyperparameters.GradientAccumulationSteps ?? Defaults.GradientAccumulationSteps,
                Epochs = hyperparameters.MaxSteps is null ? hyperparameters.Epochs ?? Defaults.Epochs : hyperparameters.Epochs,
                MaxSteps = hyperparameters.MaxSteps,
                EvalSteps = hyperparameters.EvalSteps,
                WarmupRatio = hyperparameters.WarmupRatio ?? Defaults.WarmupRatio,
                Scheduler = hyperparameters.Scheduler ?? Defaults.Scheduler,
                WeightDecay = hyperparameters.WeightDecay ?? Defaults.WeightDecay,
                MaxGradNorm = hyperparameters.MaxGradNorm ?? Defaults.MaxGradNorm,
                MaxSequenceLength = hyperparameters.MaxSequenceLength ?? Defaults.MaxSequenceLength,
                Precision = hyperparameters.Precision ?? Defaults.Precision,
                Seed = hyperparameters.Seed ?? Defaults.Seed,
            },
            Search = spec.Search is not { } search ? null : new SearchSpec
            {
                Algorithm = search.Algorithm ?? Defaults.SearchAlgorithm,
                MaxTrials = search.MaxTrials ?? Defaults.SearchMaxTrials,
                ParallelTrials = search.ParallelTrials ?? Defaults.SearchParallelTrials,
                Seed = search.Seed,
                MinSteps = search.MinSteps,
                ReductionFactor = search.ReductionFactor,
                StartupTrials = search.StartupTrials,
                Objective = new SearchObjective { Metric = search.Objective.Metric, Goal = search.Objective.Goal ?? Defaults.SearchGoal },
                Parameters = search.Parameters.ToDictionary(
                    entry => entry.Key,
                    entry => new SearchParameter { Min = entry.Value.Min, Max = entry.Value.Max, Scale = entry.Value.Scale, Steps = entry.Value.Steps, Values = entry.Value.Values?.ToList() },
                    StringComparer.Ordinal),
            },
            EarlyStopping = spec.EarlyStopping is not { } stopping ? null : new EarlyStoppingSpec
            {
                Metric = stopping.Metric ?? Defaults.EarlyStoppingMetric,
                Patience = stopping.Patience ?? Defaults.EarlyStoppingPatience,
            },
            Checkpoint = new CheckpointSpec
            {
                EverySteps = spec.Checkpoint?.EverySteps ?? Defaults.CheckpointEverySteps,
                Keep = spec.Checkpoint?.Keep ?? Defaults.CheckpointKeep,
            },
            Output = new OutputSpec { Uri = spec.Output.Uri, Format = spec.Output.Format ?? Defaults.OutputFormat },
        };
    }
}
