namespace KubeTune.Trainer.Tests.Configuration;

/// <summary>Builds configs the way the trainer reads them: a training spec through the contract's resolver, defaults applied.</summary>
public static class TestConfigs
{
    public static TrainerConfig Resolve(string task, string model, string dataset, string output, Action<TrainingSpec>? change = null, WorkspacePaths? workspace = null)
    {
        var spec = new TrainingSpec
        {
            Task = task,
            Model = new ModelSource { Uri = model },
            Dataset = new DatasetSpec { Uri = dataset },
            Output = new OutputSpec { Uri = output },
        };
        change?.Invoke(spec);
        return JobResolver.Resolve(new JobDocument(new JobIdentity("", "test"), spec, workspace), "job.yaml");
    }
}
