namespace KubeTune.Contracts;

/// <summary>
/// Turns a job as read into the job as the trainer runs it: the contract's validation, then <see cref="JobDefaults"/>,
/// then the resolved sections. job.json already carries every default, so a pod and a local run resolve alike.
/// </summary>
public static class JobResolver
{
    public static TrainerConfig Resolve(JobDocument document, string source)
    {
        var problems = TrainingSpecValidator.Validate(document.Spec);
        if (problems.Count > 0)
        {
            throw new ContractException($"{source}: {string.Join("; ", problems.Select(problem => $"field '{problem.Field}' {problem.Message}"))}");
        }

        if (document.StopAtStep is < 1)
        {
            throw new ContractException($"{source}: field 'stopAtStep' must be at least 1, got {document.StopAtStep}");
        }

        var spec = JobDefaults.Apply(document.Spec);
        var hyperparameters = spec.Hyperparameters!;
        var fields = spec.Dataset.Fields!;
        var method = spec.Method!;
        var given = document.Workspace ?? new WorkspacePaths();
        var workspace = new WorkspacePaths
        {
            ModelPath = given.ModelPath,
            DatasetPath = given.DatasetPath,
            ValidationPath = given.ValidationPath,
            CheckpointsPath = given.CheckpointsPath,
            OutputPath = given.OutputPath,
            CheckpointsUri = given.CheckpointsUri ?? WorkspaceLayout.CheckpointsUriFor(spec.Output.Uri),
        };
        return new TrainerConfig(
            source,
            document.Job,
            spec.Task,
            new ModelSection(spec.Model.Uri),
            new DatasetSection(
                spec.Dataset.Uri,
                spec.Dataset.ValidationUri,
                spec.Dataset.ValidationSplit is 0 ? null : spec.Dataset.ValidationSplit,
                new DatasetFieldNames(fields.Text!, fields.Label!, fields.Prompt!, fields.Completion!, fields.Image!, fields.Messages!),
                spec.Dataset.SkipInvalid!.Value),
            new MethodSection(method.Type!, method.Lora is { } lora ? new LoraSection(lora.R!.Value, lora.Alpha!.Value, lora.Dropout!.Value, lora.TargetModules?.ToList()) : null),
            new HyperparameterSection(
                hyperparameters.LearningRate!.Value,
                hyperparameters.BatchSize!.Value,
                hyperparameters.GradientAccumulationSteps!.Value,
                hyperparameters.Epochs ?? Defaults.Epochs,
                hyperparameters.MaxSteps,
                hyperparameters.WarmupRatio!.Value,
                hyperparameters.Scheduler!,
                hyperparameters.WeightDecay!.Value,
                hyperparameters.MaxGradNorm!.Value,
                hyperparameters.MaxSequenceLength!.Value,
                hyperparameters.Precision!,
                hyperparameters.Seed!.Value,
                hyperparameters.EvalSteps),
            spec.EarlyStopping is { } stopping ? new EarlyStoppingSection(stopping.Metric!, stopping.Patience!.Value) : null,
            new CheckpointSection(spec.Checkpoint!.EverySteps!.Value, spec.Checkpoint.Keep!.Value),
            new OutputSection(spec.Output.Uri, spec.Output.Format!),
            workspace,
            document.StopAtStep);
    }

    /// <summary>Reads and resolves config text in one step.</summary>
    public static TrainerConfig Read(string text, string source) => Resolve(JobDocumentReader.Read(text, source), source);

    /// <summary>The job.json the operator writes for a spec: every default written out, with the pod workspace (and a search rung's last step).</summary>
    public static string RenderJobFile(JobIdentity job, TrainingSpec spec, WorkspacePaths workspace, long? stopAtStep = null) =>
        System.Text.Json.JsonSerializer.Serialize(
            new TrainerJobFile { Job = job, Spec = JobDefaults.Apply(spec), Workspace = workspace, StopAtStep = stopAtStep },
            JobJsonContext.Default.TrainerJobFile);
}
