using KubeTune.Operator.Controllers;
using KubeTune.Operator.Hosting;

namespace KubeTune.Operator;

public static class Program
{
    public const int ExitInvalidInput = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, AddControllers);

    /// <summary>
    /// Serves until stopped; --help prints the settings and exits 0 without starting anything; a setting that cannot
    /// work or a taken port exits 2 with one line naming it.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<WebApplicationBuilder> configure, CancellationToken stop = default)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            await output.WriteLineAsync(OperatorHelp.Text).ConfigureAwait(false);
            return 0;
        }

        WebApplication app;
        try
        {
            app = await OperatorHost.BuildAsync(args, configure).ConfigureAwait(false);
        }
        catch (InvalidOperationException failure)
        {
            await error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return ExitInvalidInput;
        }

        // RunAsync disposes the app, so the options are read first.
        var options = app.Services.GetRequiredService<OperatorOptions>();
        try
        {
            // Checked before anything starts, so a taken port is one line rather than a failed start with informers already running.
            OperatorHelp.EnsurePortsFree(options);
            await app.RunAsync(stop).ConfigureAwait(false);
        }
        catch (PortInUseException failure)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await error.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return ExitInvalidInput;
        }
        catch (Exception failure) when (PortInUseException.IsAddressInUse(failure))
        {
            // Taken between the check and the start.
            await error.WriteLineAsync($"error: {OperatorHelp.PortInUse(options, failure).Message}").ConfigureAwait(false);
            return ExitInvalidInput;
        }

        return 0;
    }

    /// <summary>The controllers the operator runs; src/Local runs the same ones in process, so the two cannot drift apart.</summary>
    public static void AddControllers(WebApplicationBuilder builder) => builder.Services.AddFineTuneJobController();
}
