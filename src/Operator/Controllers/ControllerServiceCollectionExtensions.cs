using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Controllers.Serving;
using KubeTune.Operator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeTune.Operator.Controllers;

/// <summary>Registers the FineTuneJob reconciler and what it uses, on top of the runtime's services.</summary>
public static class ControllerServiceCollectionExtensions
{
    public static IServiceCollection AddFineTuneJobController(this IServiceCollection services)
    {
        services.TryAddSingleton<TrainerChildren>();
        services.TryAddSingleton<StatusOverlay>();
        services.TryAddSingleton<StatusWriter>();
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<TrialProgressStore>();
        services.TryAddSingleton<TrialChildren>();
        services.TryAddSingleton<SearchStatusWriter>();
        services.TryAddSingleton<TrialMetrics>();
        services.TryAddSingleton<SearchReconciler>();
        services.TryAddSingleton<InferenceServiceClient>();
        services.TryAddSingleton<ServingReconciler>();
        return services.AddReconciler<FineTuneJobReconciler>();
    }
}
