using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace KubeTune.Trainer.Data.Images;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST: NAME-images-idx3-ubyte[.gz] (magic 0x803, count, rows, columns, then
/// grey bytes) with NAME-labels-idx1-ubyte[.gz] (magic 0x801, count, then one byte per label). Gzipped images are
/// unpacked once to a temporary file so that any image can be read without holding them all.
/// </summary>
internal sealed class IdxImageSet : IImageSet, IDisposable
{
    private const int ImagesMagic = 0x803;
    private const int LabelsMagic = 0x801;

    private readonly SafeFileHandle handle;
    private readonly string? temporary;
    private readonly int rows;
    private readonly int columns;
    private readonly int[] labels;

    public IdxImageSet(string imagesFile, LabelCollector collector, string? workDirectory)
    {
        var labelsFile = LabelsFileOf(imagesFile);
        var path = imagesFile;
        if (imagesFile.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            var root = workDirectory ?? Path.GetTempPath();
            Directory.CreateDirectory(root);
            temporary = Path.Combine(root, $"kubetune-idx-{Guid.NewGuid():N}");
            using var source = Open(imagesFile);
            using var target = File.Create(temporary);
            source.CopyTo(target);
            path = temporary;
        }

        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Span<byte> header = stackalloc byte[16];
        if (RandomAccess.Read(handle, header, 0) < 16 || BinaryPrimitives.ReadInt32BigEndian(header) != ImagesMagic)
        {
            Dispose();
            throw new InvalidInputException($"{imagesFile}: not an IDX image file (expected magic 0x00000803)");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        columns = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (RandomAccess.GetLength(handle) < 16 + ((long)count * rows * columns))
        {
            Dispose();
            throw new InvalidInputException($"{imagesFile}: the header promises {count} images of {rows}x{columns} but the file is shorter");
        }

        labels = ReadLabels(labelsFile, count, collector);
    }

    public int Count => labels.Length;

    public static bool IsIdx(string path) => Path.GetFileName(path).Contains("-idx3-ubyte", StringComparison.Ordinal);

    /// <summary>The images file at <paramref name="path"/>: the file itself or, in a directory, the one pair (or the train pair).</summary>
    public static string? FindImagesFile(string path)
    {
        if (File.Exists(path))
        {
            return IsIdx(path) ? path : null;
        }

        if (!Directory.Exists(path))
        {
            return null;
        }

        var candidates = Directory.GetFiles(path).Where(IsIdx).Order(StringComparer.Ordinal).ToList();
        var training = candidates.Where(file => Path.GetFileName(file).StartsWith("train", StringComparison.OrdinalIgnoreCase)).ToList();
        return (candidates.Count, training.Count) switch
        {
            (0, _) => null,
            (1, _) => candidates[0],
            (_, 1) => training[0],
            _ => throw new InvalidInputException($"{path}: several IDX image files ({string.Join(", ", candidates.Select(Path.GetFileName))}); name one in the URI"),
        };
    }

    public int Label(int index) => labels[index];

    public DecodedImage Read(int index, int channels)
    {
        var pixels = new byte[rows * columns];
        RandomAccess.Read(handle, pixels, 16 + ((long)index * pixels.Length));
        return new DecodedImage(pixels, columns, rows, 1);
    }

    public void Dispose()
    {
        handle?.Dispose();
        if (temporary is not null && File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }

    private static string LabelsFileOf(string imagesFile)
    {
        var directory = Path.GetDirectoryName(imagesFile)!;
        var name = Path.GetFileName(imagesFile).Replace("-images-idx3-ubyte", "-labels-idx1-ubyte", StringComparison.Ordinal).Replace(".gz", "", StringComparison.OrdinalIgnoreCase);
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            if (File.Exists(Path.Combine(directory, candidate)))
            {
                return Path.Combine(directory, candidate);
            }
        }

        throw new InvalidInputException($"{imagesFile}: the labels file {name}[.gz] is missing next to it");
    }

    private static int[] ReadLabels(string file, int count, LabelCollector collector)
    {
        using var stream = Open(file);
        Span<byte> header = stackalloc byte[8];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadInt32BigEndian(header) != LabelsMagic)
        {
            throw new InvalidInputException($"{file}: not an IDX label file (expected magic 0x00000801)");
        }

        if (BinaryPrimitives.ReadInt32BigEndian(header[4..]) != count)
        {
            throw new InvalidInputException($"{file}: {BinaryPrimitives.ReadInt32BigEndian(header[4..])} labels for {count} images");
        }

        var raw = new byte[count];
        stream.ReadExactly(raw);
        return raw.Select(label => collector.ObserveName(label.ToString(System.Globalization.CultureInfo.InvariantCulture), file)).ToArray();
    }

    private static Stream Open(string file)
    {
        var stream = File.OpenRead(file);
        return file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }
}
