using System.Net;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.DevCluster.Faults;
using KubeTune.DevCluster.GarbageCollection;
using KubeTune.DevCluster.Http;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeTune.DevCluster;

/// <summary>A Kubernetes API subset served over HTTP on 127.0.0.1, for tests, local mode and kubectl.</summary>
public sealed class DevClusterHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GarbageCollector _garbageCollector;
    private readonly CancellationTokenSource _stopping;
    private readonly string _token;
    private int _disposed;

    private DevClusterHost(WebApplication app, ClusterStore store, FaultInjector faults, GarbageCollector garbageCollector, CancellationTokenSource stopping, Uri baseAddress, string token)
    {
        _app = app;
        Store = store;
        Faults = faults;
        _garbageCollector = garbageCollector;
        _stopping = stopping;
        BaseAddress = baseAddress;
        _token = token;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; }

    /// <summary>In-process access to every object, for controllers running inside the cluster.</summary>
    public ClusterStore Store { get; }

    /// <summary>Makes chosen requests fail, for tests of retry and conflict handling.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The Job controller, the pod runner and the scripted pod fates; null unless <see cref="DevClusterOptions.RunJobs"/>.</summary>
    public Jobs.WorkloadRunner? Workloads { get; private init; }

    /// <summary>Issues and checks the cluster's service-account tokens (what TokenReviews and projected token volumes use).</summary>
    public Auth.ServiceAccountTokenIssuer Tokens { get; private init; } = null!;

    /// <summary>A client configuration for <c>new k8s.Kubernetes(host.ClientConfiguration)</c>.</summary>
    public KubernetesClientConfiguration ClientConfiguration => new() { Host = BaseAddress.ToString(), AccessToken = _token };

    public static async Task<DevClusterHost> StartAsync(DevClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DevClusterOptions();
        var store = new ClusterStore(new ResourceRegistry(), options.TimeProvider, options.WatchHistoryLimit);
        foreach (var ns in new[] { "default", "kube-system", "kube-public" })
        {
            store.Create(GroupVersionResource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        var tokens = new Auth.ServiceAccountTokenIssuer(options.TimeProvider);
        var workloads = options.RunJobs ? Jobs.WorkloadRunner.Start(store, options.Workloads, options.TimeProvider, new Auth.ProjectedTokenWriter(tokens)) : null;
        var faults = new FaultInjector { Random = options.Faults };
        var stopping = new CancellationTokenSource();
        var tables = new TableBuilder(options.TimeProvider);
        var watches = new WatchStreamer(store, tables, options.TimeProvider, options.BookmarkInterval, stopping.Token, faults);
        var resources = new ResourceHandler(store, tables, watches, new TokenReviewer(options.Token, new Auth.ServiceAccountTokenReviewer(tokens, store)), options.OnRequest);

        // Content root the binary's folder, appsettings read once: the defaults watched the working directory's whole tree with inotify.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        Uri? baseAddress = null;
        var server = new ApiServer(store, faults, resources, () => baseAddress!.Authority, workloads?.Pods);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new DevClusterHost(app, store, faults, new GarbageCollector(store), stopping, baseAddress, options.Token) { Workloads = workloads, Tokens = tokens };
    }

    public void WriteKubeconfig(string path) => KubeconfigWriter.Write(path, BaseAddress, _token);

    /// <summary>
    /// Stops like a node going down: open watches end normally, the HTTP server stops (waiting at most
    /// <see cref="DevClusterOptions.ShutdownTimeout"/> for requests in flight), then the Job controller, then every
    /// running pod gets SIGTERM and is killed after <see cref="Jobs.WorkloadOptions.ShutdownGracePeriod"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _app.StopAsync();
        if (Workloads is not null)
        {
            await Workloads.DisposeAsync();
        }

        await _garbageCollector.DisposeAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
