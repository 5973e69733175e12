using KubeTune.Operator.Controllers.Events;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeTune.Operator.Progress;

/// <summary>Registers the progress endpoint, the progress store, the status writer and the per-job gauges.</summary>
public static class ProgressServiceCollectionExtensions
{
    public static IServiceCollection AddProgressReporting(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IConfiguration>().GetSection(ProgressOptions.Section).Get<ProgressOptions>() ?? new ProgressOptions();
            options.Validate();
            options.ValidateBaseUrl(provider.GetRequiredService<Hosting.OperatorOptions>().ProgressBaseUrl);

            return options;
        });
        services.AddSingleton<ProgressStore>();
        services.TryAddSingleton<Controllers.StatusOverlay>();
        services.TryAddSingleton<Runtime.LeaderElection.Leadership>();
        services.TryAddSingleton<TrialProgressStore>();
        services.AddSingleton<ProgressAuthenticator>();
        services.AddSingleton<AuthenticationLimiter>();
        services.TryAddSingleton<EventRecorder>();
        services.AddSingleton<ProgressStatusWriter>();
        services.AddSingleton<ProgressEndpoint>();
        services.AddSingleton<ProgressCertificates>();
        services.AddHealthChecks().AddCheck<ProgressTlsHealthCheck>("progress-tls", tags: [Hosting.OperatorServiceCollectionExtensions.ReadyTag]);
        services.AddSingleton<ProgressServer>();
        services.AddHostedService(provider => provider.GetRequiredService<ProgressServer>());
        return services;
    }
}
