using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Metrics;
using KubeTune.Operator.Progress;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Controller;
using KubeTune.Operator.Runtime.Informers;
using KubeTune.Operator.Runtime.LeaderElection;
using KubeTune.Operator.Runtime.Queue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace KubeTune.Operator.Hosting;

/// <summary>Registers the operator runtime: Kubernetes client, informers, work queue, controller, leader election, metrics.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>The label every trainer Job and Pod carries; the Job and Pod informers watch only these.</summary>
    public const string TrainerSelector = "app.kubernetes.io/name=kubetune-trainer";

    public const string ReadyTag = "ready";

    /// <summary>Registers the reconciler the controller's workers call, one line in Program.cs.</summary>
    public static IServiceCollection AddReconciler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TReconciler>(this IServiceCollection services)
        where TReconciler : class, IReconciler
    {
        services.RemoveAll<IReconciler>();
        services.AddSingleton<IReconciler, TReconciler>();
        return services;
    }

    public static IServiceCollection AddKubeTuneOperator(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The informer skips the echoes of the status patches recorded here.
        services.TryAddSingleton<StatusOverlay>();
        services.AddSingleton(provider => BindOptions(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton(provider => provider.GetRequiredService<OperatorOptions>().LeaderElection);
        services.AddSingleton(provider => KubernetesConfigurationLoader.Load(provider.GetRequiredService<OperatorOptions>()));
        services.AddSingleton<IKubernetes>(provider => new Kubernetes(provider.GetRequiredService<KubernetesClientConfiguration>()));

        services.AddMetrics();
        services.AddSingleton<OperatorMetrics>();
        services.TryAddSingleton<JobSeries>();
        services.TryAddSingleton<Runtime.LeaderElection.Leadership>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OperatorMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(OperatorMetrics.OnlyFrom(provider.GetRequiredService<IMeterFactory>())));

        services.AddSingleton(provider => new InformerOptions
        {
            Namespaces = provider.GetRequiredService<OperatorOptions>().Namespaces,
            ResyncPeriod = provider.GetRequiredService<OperatorOptions>().ResyncPeriod,
        });
        // Every cache holds thousands and is read one object at a time, by name: packed. Metrics scrapes read every
        // FineTuneJob's summary instead of unpacking them all.
        AddInformer(services, client => ResourceClients.ForCustomObjects<FineTuneJob, FineTuneJobList>(client, FineTuneJob.Group, FineTuneJob.Version, FineTuneJob.Plural), FineTuneJobCacheTrim.Apply, pack: true, summarize: FineTuneJobSummary.Of);
        AddInformer(services, client => ResourceClients.ForJobs(client, TrainerSelector), CacheTrim.Job, pack: true);
        // Pods are grouped by their FineTuneJob: a reconcile reads its own pods without scanning every trainer pod.
        AddInformer(services, client => ResourceClients.ForPods(client, TrainerSelector), CacheTrim.Metadata, indexBy: pod => OwnerKeys.OwningFineTuneJob(pod).Select(key => (ObjectKey?)key).FirstOrDefault());
        AddInformer(services, client => ResourceClients.ForConfigMaps(client, TrainerSelector), CacheTrim.ConfigMap, pack: true);

        services.AddSingleton(provider =>
        {
            var queue = new WorkQueue(provider.GetRequiredService<TimeProvider>());
            provider.GetRequiredService<OperatorMetrics>().ObserveWorkQueueDepth(() => queue.Depth);
            return queue;
        });
        services.AddSingleton(provider => new ControllerOptions { Workers = provider.GetRequiredService<OperatorOptions>().Workers });
        services.AddSingleton<ReconcileController>();
        services.AddSingleton<LeaseLeaderElection>();
        services.AddHostedService<OperatorService>();

        services.AddHealthChecks().AddCheck<InformersSyncedHealthCheck>("informers", tags: [ReadyTag]);
        services.AddProgressReporting();
        return services;
    }

    /// <summary>Binds and validates <see cref="OperatorOptions"/> from the root of the configuration.</summary>
    public static OperatorOptions BindOptions(IConfiguration configuration)
    {
        var options = configuration.Get<OperatorOptions>() ?? new OperatorOptions();
        options.Validate();
        return options;
    }

    private static void AddInformer<T>(IServiceCollection services, Func<IKubernetes, IResourceClient<T>> clientFor, Func<T, T> trim, bool pack = false, Func<T, object>? summarize = null, Func<T, ObjectKey?>? indexBy = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        services.AddSingleton(provider => clientFor(provider.GetRequiredService<IKubernetes>()));
        services.AddSingleton(provider => new ResourceInformer<T>(
            provider.GetRequiredService<IResourceClient<T>>(),
            provider.GetRequiredService<InformerOptions>(),
            provider.GetRequiredService<OperatorMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ResourceInformer<T>>>(),
            trim,
            pack,
            summarize,
            indexBy));
        services.AddSingleton<IInformer>(provider => provider.GetRequiredService<ResourceInformer<T>>());
    }
}
