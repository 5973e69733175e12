using System.Globalization;

namespace KubeTune.Trainer.Models;

/// <summary>
/// The memory a model takes while it is loaded (fp32 parameters plus the checkpoint's tensors read alongside them),
/// checked against what this machine or the pod's cgroup limit offers before anything is allocated.
/// </summary>
public static class ModelMemory
{
    /// <summary>Parameters are built in fp32.</summary>
    public const int BytesPerParameter = 4;

    /// <summary>Physical memory, or the container's limit when lower (.NET reads the cgroup limit).</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static double RequiredBytes(double parameters, long checkpointBytes) => (parameters * BytesPerParameter) + checkpointBytes;

    /// <summary>Refuses (exit 2) a model needing more than <paramref name="availableBytes"/>, saying how much it needs.</summary>
    public static void Check(string source, double parameters, long checkpointBytes, long availableBytes)
    {
        var required = RequiredBytes(parameters, checkpointBytes);
        if (required > availableBytes)
        {
            throw new InvalidInputException(
                $"{source}: the model needs at least {Format(required)} of memory to load ({parameters.ToString("G3", CultureInfo.InvariantCulture)} parameters " +
                $"in fp32 plus {Format(checkpointBytes)} of checkpoint tensors); this machine or pod has {Format(availableBytes)}");
        }
    }

    public static string Format(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
