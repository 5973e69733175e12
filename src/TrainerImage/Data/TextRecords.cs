namespace KubeTune.Trainer.Data;

/// <summary>The rows of a text dataset: a .jsonl (or JSON-lines .json) or .csv file, or a directory holding one.</summary>
internal static class TextRecords
{
    private static readonly string[] Extensions = [".jsonl", ".json", ".csv"];

    /// <param name="maxRowBytes">The bound on one row (<see cref="RowBound"/>); a longer row is a row error, never read whole.</param>
    public static IEnumerable<TextRecord> Read(string file, int maxRowBytes) =>
        Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? CsvRecordReader.Read(file, maxRowBytes) : JsonlRecordReader.Read(file, maxRowBytes);

    /// <summary>The data file at <paramref name="path"/>: the file itself, or the one data file (or the one named train) in a directory.</summary>
    public static string FindFile(string path, string field)
    {
        if (File.Exists(path))
        {
            return Extensions.Contains(Path.GetExtension(path).ToLowerInvariant())
                ? path
                : throw new InvalidInputException($"{field}: {path}: expected a .jsonl or .csv file");
        }

        if (!Directory.Exists(path))
        {
            throw new InvalidInputException($"{field}: {path}: not found");
        }

        var candidates = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
            .Where(file => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        var training = candidates.Where(file => Path.GetFileName(file).Contains("train", StringComparison.OrdinalIgnoreCase)).ToList();
        return (candidates.Count, training.Count) switch
        {
            (1, _) => candidates[0],
            (_, 1) => training[0],
            (0, _) => throw new InvalidInputException($"{field}: {path}: the directory holds no .jsonl or .csv file"),
            _ => throw new InvalidInputException($"{field}: {path}: the directory holds several data files ({string.Join(", ", candidates.Select(Path.GetFileName))}); name one in the URI"),
        };
    }
}
