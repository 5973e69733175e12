using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.LeaderElection;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// Runs the informers on every replica (so a standby's caches are warm and /readyz is truthful) and
/// the controller's workers only while leading, or always when leader election is off.
/// </summary>
public sealed class OperatorService(
    IServiceProvider services,
    IEnumerable<IInformer> informers,
    ResourceInformer<FineTuneJob> fineTuneJobs,
    StatusOverlay overlay,
    ResourceInformer<V1Job> trainerJobs,
    ResourceInformer<V1Pod> trainerPods,
    WorkQueue queue,
    OperatorMetrics metrics,
    Leadership leadership,
    OperatorOptions options,
    ILogger<OperatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IReconciler>() is null)
        {
            throw new InvalidOperationException(
                "No IReconciler is registered: call services.AddReconciler<TReconciler>() (KubeTune.Operator.Hosting) in Program.cs");
        }

        var controller = services.GetRequiredService<ReconcileController>();
        fineTuneJobs.AddEventHandler(new InformerEventHandler<FineTuneJob>(OwnerKeys.Self, queue.Add, (previous, current) => OwnStatusEcho.Is(previous, current, overlay)));
        trainerJobs.AddEventHandler(OwnerKeys.OwningFineTuneJob, queue.Add);
        trainerPods.AddEventHandler(OwnerKeys.OwningFineTuneJob, queue.Add);
        metrics.ObserveJobsByPhase(CountJobsByPhase);

        var running = informers.Select(informer => informer.RunAsync(stoppingToken)).ToList();
        try
        {
            await Task.WhenAll(informers.Select(informer => informer.WaitForSyncAsync(stoppingToken))).ConfigureAwait(false);
            logger.LogInformation("Caches synced: {Count} FineTuneJobs in {Scope}", fineTuneJobs.Count, options.Namespaces.Count == 0 ? "all namespaces" : string.Join(",", options.Namespaces));
            if (options.LeaderElection.Enabled)
            {
                var election = services.GetRequiredService<LeaseLeaderElection>();
                await election.RunAsync(token => RunWorkersAsync(controller, token), stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await RunWorkersAsync(controller, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before the caches synced.
        }
        finally
        {
            queue.ShutDown();
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private Task RunWorkersAsync(ReconcileController controller, CancellationToken token)
    {
        // A new term starts from the whole cache: nothing that changed while we were not leading is missed.
        foreach (var key in fineTuneJobs.Keys)
        {
            queue.Add(key);
        }

        logger.LogInformation("Starting {Workers} reconcile workers", options.Workers);
        return LeadAsync(controller, token);
    }

    private async Task LeadAsync(ReconcileController controller, CancellationToken token)
    {
        using var term = leadership.Lead();
        await controller.RunWorkersAsync(token).ConfigureAwait(false);
    }

    // Only the leader counts: with two replicas, a sum by phase must not double.
    private IEnumerable<KeyValuePair<string, int>> CountJobsByPhase()
    {
        if (!leadership.IsLeading)
        {
            return [];
        }

        var counts = FineTuneJobPhase.All.ToDictionary(phase => phase, _ => 0);
        foreach (var job in fineTuneJobs.Summaries<FineTuneJobSummary>())
        {
            var phase = string.IsNullOrEmpty(job.Phase) ? FineTuneJobPhase.Pending : job.Phase;
            counts[phase] = counts.GetValueOrDefault(phase) + 1;
        }

        return counts;
    }
}
