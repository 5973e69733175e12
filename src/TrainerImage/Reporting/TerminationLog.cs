namespace KubeTune.Trainer.Reporting;

/// <summary>
/// Writes the final summary to the container's termination message (<c>KUBETUNE_TERMINATION_LOG</c>, else
/// <see cref="TerminationMessage.Path"/> when it exists, as it does in a pod). Outside a pod there is no such file and
/// nothing is written; a failed write is reported and never fails the run (the final report may still arrive).
/// </summary>
public sealed class TerminationLog(string path)
{
    public string Path { get; } = path;

    /// <summary>The log to write, or null outside a pod.</summary>
    public static TerminationLog? FromEnvironment(Func<string, string?> environment)
    {
        if (environment(TrainerEnvironment.TerminationLog) is { Length: > 0 } configured)
        {
            return new TerminationLog(configured);
        }

        return File.Exists(TerminationMessage.Path) ? new TerminationLog(TerminationMessage.Path) : null;
    }

    public void Write(FinalSummary summary, TextWriter error)
    {
        try
        {
            // Truncate, not append: a restarted container in the same pod starts a new message.
            File.WriteAllText(Path, TerminationMessage.Serialize(summary));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"note: could not write the final summary to {Path}: {e.Message}");
        }
    }
}
