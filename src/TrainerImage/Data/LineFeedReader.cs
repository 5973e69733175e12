namespace KubeTune.Trainer.Data;

/// <summary>
/// A TextReader over checked lines, each followed by '\n', for parsers that read characters (CSV); a line with a problem
/// is fed as an empty line and its problem kept in <see cref="Problems"/> by line number for the parser to claim.
/// </summary>
internal sealed class LineFeedReader : TextReader
{
    private readonly IEnumerator<PhysicalLine> lines;
    private string current = "";
    private int position;
    private bool ended;

    public LineFeedReader(IEnumerable<PhysicalLine> lines) => this.lines = lines.GetEnumerator();

    public Dictionary<long, string> Problems { get; } = [];

    public override int Peek() => Fill() ? current[position] : -1;

    public override int Read() => Fill() ? current[position++] : -1;

    /// <summary>The first problem of lines <paramref name="first"/> up to (excluding) <paramref name="next"/>, forgetting them.</summary>
    public (long Line, string Problem)? Claim(long first, long next)
    {
        (long, string)? found = null;
        foreach (var line in Problems.Keys.Where(line => line < next).Order().ToList())
        {
            if (line >= first && found is null)
            {
                found = (line, Problems[line]);
            }

            Problems.Remove(line);
        }

        return found;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lines.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool Fill()
    {
        while (position >= current.Length)
        {
            if (ended || !lines.MoveNext())
            {
                ended = true;
                return false;
            }

            var line = lines.Current;
            if (line.Problem is not null)
            {
                Problems[line.Number] = line.Problem;
            }

            current = line.Text + "\n";
            position = 0;
        }

        return true;
    }
}
