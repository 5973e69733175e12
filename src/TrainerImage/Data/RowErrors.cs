namespace KubeTune.Trainer.Data;

/// <summary>Bad rows: an input error naming file, line and reason, or (dataset.skipInvalid) skipped and counted.</summary>
internal sealed class RowErrors
{
    private readonly bool skipInvalid;

    public RowErrors(bool skipInvalid) => this.skipInvalid = skipInvalid;

    public long Skipped { get; private set; }

    /// <summary>Throws unless bad rows are skipped; then counts this one.</summary>
    public void Report(string file, long line, string reason)
    {
        if (!skipInvalid)
        {
            throw new InvalidInputException($"{file}:{line}: {reason} (set dataset.skipInvalid to skip bad rows)");
        }

        Skipped++;
    }
}
