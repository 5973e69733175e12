namespace KubeTune.Trainer.Tests.Training;

/// <summary>Tests that depend on torch's global random generator (dropout, seeded init) run alone, never beside another test drawing from it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch global RNG";
}
