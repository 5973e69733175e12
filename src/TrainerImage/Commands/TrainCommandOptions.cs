using System.Globalization;

namespace KubeTune.Trainer.Commands;

/// <summary>
/// train's options: --config (default /etc/kubetune/job.json), --pvc-root, --device, --eval-steps, the benchmark flag
/// --bench with --bench-steps, and --abort-after-steps (ends the run like a crash, without a final checkpoint).
/// </summary>
public sealed record TrainCommandOptions(
    string ConfigPath,
    string? PvcRoot,
    string? Device,
    int? EvalSteps,
    bool Bench,
    int BenchSteps,
    int? AbortAfterSteps)
{
    public const string DefaultConfigPath = "/etc/kubetune/job.json";

    private static readonly string[] Names = ["config", "pvc-root", "device", "eval-steps", "bench-steps"];

    /// <summary>Accepted but not listed: a test switch that ends the run like a crash.</summary>
    private static readonly string[] InternalNames = ["abort-after-steps"];

    public static TrainCommandOptions Parse(IReadOnlyList<string> args)
    {
        var bench = args.Contains("--bench");
        var options = CommandLineOptions.Parse(TrainCommand.Name, args.Where(arg => arg != "--bench").ToList(), Names, InternalNames);
        return new TrainCommandOptions(
            options.Get("config") ?? DefaultConfigPath,
            options.Get("pvc-root"),
            options.Get("device"),
            PositiveInt(options, "eval-steps"),
            bench,
            PositiveInt(options, "bench-steps") ?? 20,
            PositiveInt(options, "abort-after-steps"));
    }

    private static int? PositiveInt(CommandLineOptions options, string name) =>
        options.Get(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidInputException($"{TrainCommand.Name}: --{name} '{text}' must be a positive whole number");
}
