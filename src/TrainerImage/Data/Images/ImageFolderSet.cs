using StbImageSharp;

namespace KubeTune.Trainer.Data.Images;

/// <summary>
/// An image folder: one sub-folder per class (its name is the label), PNG or JPEG files inside, both in ordinal order.
/// Reading checks each file's header; pixels are decoded only when a batch needs them.
/// </summary>
internal sealed class ImageFolderSet : IImageSet
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    private readonly List<string> files = [];
    private readonly List<int> labels = [];

    public ImageFolderSet(string directory, LabelCollector collector, RowErrors errors)
    {
        var classes = Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            throw new InvalidInputException($"{directory}: an image folder needs one sub-folder per class (for example cat/, dog/)");
        }

        foreach (var classDirectory in classes)
        {
            var label = collector.ObserveName(Path.GetFileName(classDirectory));
            var images = Directory.EnumerateFiles(classDirectory)
                .Where(file => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                .Order(StringComparer.Ordinal);
            foreach (var file in images)
            {
                if (ReadsAsImage(file, out var problem))
                {
                    files.Add(file);
                    labels.Add(label);
                }
                else
                {
                    errors.Report(file, 1, problem);
                }
            }
        }
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
