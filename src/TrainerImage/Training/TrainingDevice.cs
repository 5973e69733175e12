using System.Globalization;
using TorchSharp;

namespace KubeTune.Trainer.Training;

/// <summary>Picks the device (CUDA when available unless told otherwise) and the CPU thread count from the environment.</summary>
public static class TrainingDevice
{
    public const string OmpThreadsVariable = "OMP_NUM_THREADS";

    public static torch.Device Select(string? requested)
    {
        switch (requested)
        {
            case null or "" or "auto":
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case "cpu":
                return torch.CPU;
            case "cuda" when torch.cuda.is_available():
                return torch.CUDA;
            case "cuda":
                throw new InvalidInputException("train: --device cuda, but no CUDA device is available");
            default:
                throw new InvalidInputException($"train: --device '{requested}' is not one of auto, cpu, cuda");
        }
    }

    /// <summary>KUBETUNE_THREADS, else OMP_NUM_THREADS, else every core.</summary>
    public static int ThreadCount(Func<string, string?> environment)
    {
        foreach (var name in new[] { TrainerEnvironment.Threads, OmpThreadsVariable })
        {
            var text = environment(name);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
                ? count
                : throw new InvalidInputException($"{name} '{text}' must be a positive whole number");
        }

        return Environment.ProcessorCount;
    }
}
