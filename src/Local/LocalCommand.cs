using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using k8s;
using KubeTune.Contracts;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.AspNetCore.Builder;
using Spectre.Console;

namespace KubeTune.Local;

/// <summary>
/// <c>FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]</c>: runs the FineTuneJobs of FILE on this
/// machine (dev cluster, operator and trainer processes), shows their progress, and exits 0 only when all succeeded.
/// </summary>
public static class LocalCommand
{
    public const int ExitSucceeded = 0;
    public const int ExitJobFailed = 1;
    public const int ExitInvalidInput = 2;
    public const int ExitInterrupted = 130;

    public const string CrdPath = "config/crds/kubetune.io_finetunejobs.yaml";

    /// <summary>From Program.Main: the console, Ctrl-C and SIGTERM stop the run; <paramref name="configure"/> registers the operator's controllers.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Action<WebApplicationBuilder> configure)
    {
        using var interrupted = new CancellationTokenSource();
        void Interrupt(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            interrupted.Cancel();
        }

        Console.CancelKeyPress += Interrupt;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            interrupted.Cancel();
        });
        try
        {
            return await RunAsync(args, configure, LocalIo.FromConsole(), interrupted.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= Interrupt;
        }
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Action<WebApplicationBuilder> configure, LocalIo io, CancellationToken cancellationToken)
    {
        // Before anything here serializes through the client: its options lock at their first use.
        KubernetesJsonOptions.Install();
        if (LocalOptions.IsHelp(args))
        {
            await io.Output.WriteLineAsync(LocalOptions.Help).ConfigureAwait(false);
            return ExitSucceeded;
        }

        LocalOptions options;
        IReadOnlyList<JsonObject> manifests;
        try
        {
            options = LocalOptions.Parse(args);
            manifests = LocalManifest.Load(options.File);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            await io.Error.WriteLineAsync($"error: {error.Message}\n{LocalOptions.Usage}").ConfigureAwait(false);
            return ExitInvalidInput;
        }

        // With -o the object goes to stdout alone, so it can be piped; the progress and summary go to stderr.
        var console = CreateConsole(options.Output is null ? io.Output : io.Error, io.Interactive);
        var paths = new LocalPaths(options.WorkDirectory);
        var root = io.RepositoryRoot ?? LocalTrainer.FindRepositoryRoot();
        LocalEnvironment? environment = null;
        try
        {
            var trainer = await LocalTrainer.ResolveAsync(io.Environment, root, text => console.WriteLine(text), cancellationToken).ConfigureAwait(false);
            var crd = root is null ? throw new InvalidOperationException($"cannot find {CrdPath}: run from the KubeTune repository") : Path.Combine(root, CrdPath);
            var images = manifests.Select(manifest => manifest["spec"]?["image"]?.ToString()).OfType<string>().Where(image => image.Length > 0);
            environment = await LocalEnvironment.StartAsync(paths, options.MetricsPort, trainer, images, crd, configure, cancellationToken).ConfigureAwait(false);
            Introduce(console, options, paths, manifests.Count, environment.MetricsPort);

            var display = io.Interactive ? (IRunDisplay)new LiveRunDisplay(console) : new PlainRunDisplay(options.Output is null ? io.Output : io.Error, io.Time);
            var jobs = await LocalRun.RunAsync(environment, options.File, manifests, display, cancellationToken).ConfigureAwait(false);

            console.WriteLine();
            var summary = new SummaryWriter(console, paths);
            foreach (var job in jobs)
            {
                summary.Write(job);
            }

            if (options.Output is { } format)
            {
                await io.Output.WriteLineAsync(Render(jobs, format)).ConfigureAwait(false);
            }

            return jobs.All(JobText.Succeeded) ? ExitSucceeded : ExitJobFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine();
            console.MarkupLine("[yellow]interrupted: stopping the trainers, the operator and the local cluster[/]");
            return ExitInterrupted;
        }
        catch (Exception error) when (error is FormatException or PortInUseException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            return ExitInvalidInput;
        }
        catch (InvalidOperationException error)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            return ExitJobFailed;
        }
        finally
        {
            if (environment is not null)
            {
                await environment.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The final FineTuneJobs, status included: YAML documents, or JSON (a v1 List for several).</summary>
    public static string Render(IReadOnlyList<FineTuneJob> jobs, string format)
    {
        if (format == "yaml")
        {
            return string.Join("---\n", jobs.Select(job => KubernetesYaml.Serialize(job).TrimEnd() + "\n")).TrimEnd();
        }

        var items = jobs.Select(job => JsonNode.Parse(KubernetesJson.Serialize(job))).ToArray();
        var document = items.Length == 1 ? items[0]! : new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(items) };
        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void Introduce(IAnsiConsole console, LocalOptions options, LocalPaths paths, int jobs, int metricsPort)
    {
        console.MarkupLine($"[bold]KubeTune local[/]: {jobs} FineTuneJob{(jobs == 1 ? string.Empty : "s")} from {Markup.Escape(options.File)}");
        console.MarkupLine($"  work dir    {Markup.Escape(paths.WorkDirectory)} (pvc://CLAIM/PATH is {Markup.Escape(Path.Combine(paths.Claims, "CLAIM", "PATH"))})");
        console.MarkupLine($"  metrics     http://127.0.0.1:{metricsPort}/metrics");
        console.MarkupLine($"  kubectl     kubectl --kubeconfig {Markup.Escape(paths.Kubeconfig)} get ftj");
        console.MarkupLine($"  logs        {Markup.Escape(paths.OperatorLog)}, {Markup.Escape(paths.Pods)}/NAMESPACE/POD/container.log");
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive)
        {
            console.Profile.Width = 120;
        }

        return console;
    }
}
