using KubeTune.Operator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Hosting;

/// <summary>
/// Builds the operator's ASP.NET Core host: configuration (appsettings, KUBETUNE_ environment,
/// command line), the runtime services, and /healthz, /readyz, /metrics. Tests build it in-process
/// with <see cref="BuildAsync"/> and override services (the Kubernetes client configuration, the reconciler).
/// </summary>
public static class OperatorHost
{
    public const string EnvironmentPrefix = "KUBETUNE_";

    /// <summary>Creates the builder with configuration sources and every runtime service registered.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        // Slim: plain HTTP on the metrics port, no HTTPS or QUIC defaults, static web assets or host filtering (2.6 MB less idle RSS).
        var builder = WebApplication.CreateSlimBuilder(QuietWebApplication.Options(args));

        // Prefixed variables override appsettings; the command line (--kubeconfig FILE) overrides both.
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        builder.Services.AddKubeTuneOperator();
        return builder;
    }

    /// <summary>Applies ports and log format from the final configuration, builds the app and maps the endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var options = OperatorServiceCollectionExtensions.BindOptions(builder.Configuration);
        // The progress settings are checked here too, so that one that cannot work is one line before anything starts.
        var progress = builder.Configuration.GetSection(Progress.ProgressOptions.Section).Get<Progress.ProgressOptions>() ?? new Progress.ProgressOptions();
        progress.Validate();
        progress.ValidateBaseUrl(options.ProgressBaseUrl);
        // The progress port has its own listener (Progress/ProgressServer), with its own TLS and body limit.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(options.MetricsPort));

        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(simple => simple.SingleLine = true);
        }

        var app = builder.Build();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(OperatorServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        MetricsEndpoint.Map(app);
        return app;
    }

    /// <summary>Creates, lets <paramref name="configure"/> adjust (register the reconciler, override services), and builds the host.</summary>
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = CreateBuilder(args);
        configure?.Invoke(builder);
        return Task.FromResult(Build(builder));
    }

    /// <summary>The addresses Kestrel actually bound (port 0 resolved), e.g. http://127.0.0.1:41234; valid after start.</summary>
    public static IReadOnlyList<Uri> ListeningAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses
            .Select(address => address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal))
            .Select(address => new Uri(address))
            .ToList();
    }
}
