using System.Globalization;
using KubeTune.Trainer.Storage;

namespace KubeTune.Trainer.Reporting;

/// <summary>Publishes each report as a JSON line on stdout and in training_log.jsonl, and hands it to the poster when there is one.</summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    public const string LogFileName = "training_log.jsonl";

    private readonly TextWriter output;
    private readonly StreamWriter? log;
    private readonly ProgressPoster? poster;
    private readonly TerminationLog? terminationLog;
    private readonly TextWriter diagnostics;
    private readonly Lock gate = new();

    public ProgressReporter(TextWriter output, string? logPath, ProgressPoster? poster, TerminationLog? terminationLog = null, TextWriter? diagnostics = null)
    {
        this.output = output;
        this.poster = poster;
        this.terminationLog = terminationLog;
        this.diagnostics = diagnostics ?? TextWriter.Null;
        if (logPath is not null)
        {
            NoFollowFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
            log = new StreamWriter(NoFollowFiles.Append(logPath));
        }
    }

    /// <summary>A poster for <c>KUBETUNE_PROGRESS_URL</c> (token from <c>KUBETUNE_TOKEN_FILE</c>), or null when the variable is unset.</summary>
    public static ProgressPoster? PosterFromEnvironment(Func<string, string?> environment, TimeProvider? time = null)
    {
        var url = environment(TrainerEnvironment.ProgressUrl);
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidInputException($"{TrainerEnvironment.ProgressUrl} '{url}' is not an http(s) URL");
        }

        var seconds = environment(TrainerEnvironment.ProgressIntervalSeconds) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : 5;
        return new ProgressPoster(endpoint, environment(TrainerEnvironment.TokenFile), TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(5), time, handler: ProgressTrust.HandlerFor(environment(TrainerEnvironment.ProgressCaFile)));
    }

    public void Publish(ProgressReport report)
    {
        var line = ProgressJson.Serialize(report);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
            log?.WriteLine(line);
            log?.Flush();
        }

        poster?.Offer(line);
    }

    /// <summary>
    /// Writes the final summary to the termination log, publishes the final report and waits (at most
    /// <paramref name="deadline"/>) for it to reach the endpoint. The summary goes first: it must not depend on the network.
    /// </summary>
    public async Task CompleteAsync(ProgressReport final, TimeSpan deadline)
    {
        terminationLog?.Write(FinalSummary.From(final), diagnostics);
        var line = ProgressJson.Serialize(final);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
            log?.WriteLine(line);
            log?.Flush();
        }

        if (poster is not null)
        {
            await poster.CompleteAsync(line, deadline).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (poster is not null)
        {
            await poster.DisposeAsync().ConfigureAwait(false);
        }

        if (log is not null)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
