using k8s;
using KubeTune.Operator.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeTune.Operator.Tests.Runtime.LeaderElection;

/// <summary>One operator replica: an election whose work while leading records its terms and how each ended.</summary>
internal sealed class ElectionReplica
{
    private readonly CancellationTokenSource stop = new();
    private readonly LeadershipTally tally;
    private readonly Task running;
    private int terms;
    private int lostTerms;

    public ElectionReplica(IKubernetes client, LeaderElectionOptions options, string identity, LeadershipTally tally)
    {
        this.tally = tally;
        Election = new LeaseLeaderElection(client, options with { Identity = identity }, NullLogger<LeaseLeaderElection>.Instance);
        running = Election.RunAsync(LeadAsync, stop.Token);
    }

    public LeaseLeaderElection Election { get; }

    public int Terms => Volatile.Read(ref terms);

    /// <summary>Terms whose work was cancelled while the replica kept running (leadership lost, not shutdown).</summary>
    public int LostTerms => Volatile.Read(ref lostTerms);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        Interlocked.Increment(ref terms);
        tally.Started();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, leading);
        }
        finally
        {
            tally.Stopped();
            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref lostTerms);
            }
        }
    }
}
