namespace KubeTune.Trainer.Data;

/// <summary>Bad rows: an input error naming file, line and reason, or (dataset.skipInvalid) skipped and counted.</summary>
internal sealed class RowErrors
{
    private readonly bool skipInvalid;

    public RowErrors(bool skipInvalid) => this.skipInvalid = skipInvalid;

    public long Skipped { get; private set; }

    /// <summary>Throws unless bad rows are skipped; then counts this one.</summary>
    public void Report(string file, long line, string reason) => ReportAt(Location(file, line), reason, 1);

    /// <summary>As <see cref="Report"/> for <paramref name="rows"/> rows found bad together, the first at <paramref name="location"/>.</summary>
    public void ReportAt(string location, string reason, long rows)
    {
        if (!skipInvalid)
        {
            throw new InvalidInputException($"{location}: {reason} (set dataset.skipInvalid to skip bad rows)");
        }

        Skipped += rows;
    }

    public static string Location(string file, long line) => $"{file}:{line}";
}
