using KubeTune.Trainer.Storage;
using StbImageSharp;

namespace KubeTune.Trainer.Data.Images;

/// <summary>
/// Image files with labels: an image folder (one sub-folder per class, its name the label, PNG or JPEG files inside,
/// both in ordinal order) or a .jsonl/.csv list of image paths (relative to the list) and labels. Each file's header
/// is checked while reading; pixels are decoded only when a batch needs them.
/// </summary>
internal sealed class ImageFileSet : IImageSet
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    private readonly List<string> files = [];
    private readonly List<int> labels = [];

    private ImageFileSet()
    {
    }

    public static ImageFileSet FromFolder(string directory, LabelCollector collector, RowErrors errors)
    {
        var set = new ImageFileSet();
        var classes = Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            throw new InvalidInputException($"{directory}: an image folder needs one sub-folder per class (for example cat/, dog/)");
        }

        foreach (var classDirectory in classes)
        {
            var label = collector.ObserveName(Path.GetFileName(classDirectory), classDirectory);
            var images = Directory.EnumerateFiles(classDirectory)
                .Where(file => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                .Order(StringComparer.Ordinal);
            foreach (var file in images)
            {
                if (ReadsAsImage(file, out var problem))
                {
                    set.files.Add(file);
                    set.labels.Add(label);
                }
                else
                {
                    errors.Report(file, 1, problem);
                }
            }
        }

        return set;
    }

    /// <summary>
    /// Images without labels, for prediction: one image file, or the PNG/JPEG files of a folder in ordinal order;
    /// each carries provisional label 0, which the caller maps to "no label".
    /// </summary>
    public static ImageFileSet Unlabelled(string path)
    {
        var set = new ImageFileSet();
        var files = File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path).Where(file => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            if (!ReadsAsImage(file, out var problem))
            {
                throw new InvalidInputException($"{file}: {problem}");
            }

            set.files.Add(file);
            set.labels.Add(0);
        }

        return set.files.Count > 0 ? set : throw new InvalidInputException($"{path}: holds no PNG or JPEG image");
    }

    /// <summary>Where image <paramref name="index"/> was read from.</summary>
    public string FileOf(int index) => files[index];

    /// <summary>Rows of a .jsonl or .csv file naming an image (dataset.fields.image) and its label (dataset.fields.label).</summary>
    public static ImageFileSet FromList(string listFile, DatasetFieldNames fields, LabelCollector collector, RowErrors errors)
    {
        var set = new ImageFileSet();
        var root = Path.GetDirectoryName(Path.GetFullPath(listFile))!;
        foreach (var record in TextRecords.Read(listFile, RowBound.MinBytes))
        {
            string? problem = record.Problem;
            var relative = record.Fields is { } row ? RecordFields.Text(row, fields.Image, "image", out problem) : null;
            int? label = null;
            if (relative is not null)
            {
                label = record.Fields!.ContainsKey(fields.Label)
                    ? collector.Observe(record.Fields[fields.Label], RowErrors.Location(listFile, record.Line), out problem)
                    : null;
                problem ??= label is null ? $"the label field '{fields.Label}' is missing" : null;
            }

            var file = relative is null ? null : Path.GetFullPath(Path.Combine(root, relative));
            if (file is not null && problem is null && !RealPaths.IsInside(RealPaths.Resolve(file), RealPaths.Resolve(root)))
            {
                // Confined like every input: a list may not reach files outside its own folder (../../etc/passwd, a link).
                problem = $"image '{relative}' is outside the list's folder {root}; image paths are relative to it and stay inside";
            }

            if (file is not null && problem is null && !File.Exists(file))
            {
                problem = $"image '{relative}' not found (paths are relative to {root})";
            }

            if (file is not null && problem is null && !ReadsAsImage(file, out var imageProblem))
            {
                problem = $"image '{relative}': {imageProblem}";
            }

            if (problem is not null || file is null || label is null)
            {
                errors.Report(listFile, record.Line, problem ?? "unreadable row");
                continue;
            }

            set.files.Add(file);
            set.labels.Add(label.Value);
        }

        return set;
    }

    public int Count => files.Count;

    public int Label(int index) => labels[index];

    public DecodedImage Read(int index, int channels)
    {
        var file = files[index];
        try
        {
            using var stream = File.OpenRead(file);
            var image = ImageResult.FromStream(stream, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
            return new DecodedImage(image.Data, image.Width, image.Height, channels == 1 ? 1 : 3);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidInputException($"{file}: cannot decode the image: {e.Message}", e);
        }
    }

    private static bool ReadsAsImage(string file, out string problem)
    {
        problem = "";
        try
        {
            using var stream = File.OpenRead(file);
            if (ImageInfo.FromStream(stream) is { Width: > 0, Height: > 0 })
            {
                return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
        {
            problem = $"not a readable PNG or JPEG image: {e.Message}";
            return false;
        }

        problem = "not a PNG or JPEG image";
        return false;
    }
}
