using k8s;
using KubeTune.DevCluster;
using KubeTune.Operator.Runtime.LeaderElection;

namespace KubeTune.Operator.Tests.Runtime.LeaderElection;

/// <summary>Replicas competing for one Lease in the dev cluster, through KubernetesClient's LeaseLock.</summary>
public sealed class LeaseLeaderElectionDevClusterTests : IAsyncLifetime
{
    private static readonly LeaderElectionOptions FastElection = new()
    {
        LeaseName = "kubetune-operator",
        LeaseNamespace = "default",
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private readonly LeadershipTally tally = new();
    private DevClusterHost cluster = null!;
    private Kubernetes client = null!;

    public async Task InitializeAsync()
    {
        cluster = await DevClusterHost.StartAsync(new DevClusterOptions());
        client = new Kubernetes(cluster.ClientConfiguration);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Run_TwoReplicas_OnlyOneLeadsAndTheOtherTakesOverWhenItStops()
    {
        var first = new ElectionReplica(client, FastElection, "replica-a", tally);
        var second = new ElectionReplica(client, FastElection, "replica-b", tally);
        await Eventually.TrueAsync(() => first.Election.IsLeader || second.Election.IsLeader, "a leader elected");
        var (leader, standby) = first.Election.IsLeader ? (first, second) : (second, first);
        await Eventually.TrueAsync(() => standby.Election.ObservedLeader == leader.Election.Identity, "the standby saw the leader hold the lease");

        await leader.StopAsync();
        await Eventually.TrueAsync(() => standby.Election.IsLeader && standby.Terms == 1, "the standby took over");
        await standby.StopAsync();

        Assert.Equal(1, tally.MostAtOnce);
        Assert.Equal(1, leader.Terms);
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(FastElection.LeaseName, "default");
        Assert.Equal(string.Empty, lease.Spec.HolderIdentity);
    }

    [Fact]
    public async Task Run_LeaderCannotRenew_ItsWorkIsCancelledAndResumesAfterRecovery()
    {
        var only = new ElectionReplica(client, FastElection, "replica-a", tally);
        await Eventually.TrueAsync(() => only.Election.IsLeader, "replica-a leads");

        cluster.Faults.FailNext("PUT", "leases", 500, times: 100_000);
        await Eventually.TrueAsync(() => only.LostTerms == 1, "work cancelled once renewals fail");
        Assert.False(only.Election.IsLeader);

        cluster.Faults.Clear();
        await Eventually.TrueAsync(() => only.Terms == 2, "leading again once the API server recovers");
        await only.StopAsync();
    }
}
