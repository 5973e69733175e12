using KubeTune.Trainer.Commands;

namespace KubeTune.Trainer;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Dispatches a subcommand; input errors exit 2 with a message, anything unexpected 1 (retryable) with one line and
    /// the detail (type and stack trace) logged above it, so no exception escapes as a crash (exit 134).
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Count > 1 && CommandLineOptions.IsHelp(args.Skip(1).ToList()) && CommandHelp(args[0]) is { } help)
            {
                output.WriteLine(help);
                return ExitCodes.Success;
            }

            return args.Count == 0 ? Usage(error, "no command given") : args[0] switch
            {
                ForwardCommand.Name => ForwardCommand.Run(args.Skip(1).ToList(), output),
                TrainCommand.Name => TrainCommand.Run(args.Skip(1).ToList(), output, error),
                ImportOnnxCommand.Name => ImportOnnxCommand.Run(args.Skip(1).ToList(), output),
                BenchCommand.Name => BenchCommand.Run(args.Skip(1).ToList(), output),
                PredictCommand.Name => PredictCommand.Run(args.Skip(1).ToList(), output, error),
                "--help" or "-h" or "help" => Usage(output, null),
                var other => Usage(error, $"unknown command '{other}'"),
            };
        }
        catch (InvalidInputException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (ContractException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"detail: {e}");
            error.WriteLine($"error: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            return ExitCodes.Retryable;
        }
    }

    /// <summary>A command's --help text; null for an unknown command (which then gets the general usage).</summary>
    private static string? CommandHelp(string command) => command switch
    {
        TrainCommand.Name => TrainCommand.Help,
        ForwardCommand.Name => "usage: KubeTune.Trainer " + ForwardCommand.Usage,
        ImportOnnxCommand.Name => "usage: KubeTune.Trainer " + ImportOnnxCommand.Usage,
        BenchCommand.Name => "usage: KubeTune.Trainer " + BenchCommand.Usage,
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static int Usage(TextWriter writer, string? problem)
    {
        if (problem is not null)
        {
            writer.WriteLine($"error: {problem}");
        }

        writer.WriteLine("usage: KubeTune.Trainer <command> [options]   (KubeTune.Trainer <command> --help describes one)");
        writer.WriteLine("  " + TrainCommand.Usage);
        writer.WriteLine("  " + ForwardCommand.Usage);
        writer.WriteLine("  " + ImportOnnxCommand.Usage);
        writer.WriteLine("  " + BenchCommand.Usage);
        writer.WriteLine("  " + PredictCommandOptions.Usage);
        return problem is null ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
