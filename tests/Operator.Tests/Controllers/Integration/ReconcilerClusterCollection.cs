namespace KubeTune.Operator.Tests.Controllers.Integration;

/// <summary>The integration tests share one dev cluster and run one after another (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class ReconcilerClusterCollection : ICollectionFixture<ReconcilerCluster>
{
    public const string Name = "reconciler-cluster";
}
