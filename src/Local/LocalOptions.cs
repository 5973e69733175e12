using System.Globalization;

namespace KubeTune.Local;

/// <summary>The arguments of <c>KubeTune.Local FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]</c>.</summary>
public sealed record LocalOptions(string File, string? Output, int MetricsPort, string WorkDirectory)
{
    public const string Usage = "usage: dotnet run --project src/Local -- FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]";

    /// <summary>What -h and --help print.</summary>
    public static readonly string Help = $"""
        {Usage}

        Runs the FineTuneJobs in FILE.yaml on this machine: a development cluster and the operator in this process,
        each trainer pod as a local process. pvc://CLAIM/PATH is WORK_DIR/pvc/CLAIM/PATH; file://relative is relative to FILE.

        options:
          -o, --output yaml|json   print the final FineTuneJobs (status included) to stdout; progress goes to stderr
          --metrics-port PORT      serve the operator's /metrics on PORT (default {DefaultMetricsPort}; 0 picks a free port)
          --work-dir DIR           claims, pod logs, kubeconfig and the operator log (default ./{DefaultWorkDirectory})
          -h, --help               print this help and exit

        exit codes: 0 every job succeeded, 1 a job failed, 2 invalid input (file, field, option, a taken port), 130 interrupted
        """;

    public const int DefaultMetricsPort = 9090;

    /// <summary>Relative to the current directory, so the outputs stay next to the project a user works in.</summary>
    public const string DefaultWorkDirectory = ".kubetune";

    /// <summary>Parses the program's arguments; a bad one throws <see cref="ArgumentException"/> naming it.</summary>
    public static LocalOptions Parse(IReadOnlyList<string> args)
    {
        string? file = null;
        string? output = null;
        var metricsPort = DefaultMetricsPort;
        var workDirectory = DefaultWorkDirectory;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-o" or "--output":
                    output = Value(args, ref i, arg);
                    if (output is not ("yaml" or "json"))
                    {
                        throw new ArgumentException($"{arg}: must be yaml or json, was '{output}'");
                    }

                    break;
                case "--metrics-port":
                    var port = Value(args, ref i, arg);
                    if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out metricsPort) || metricsPort > 65535)
                    {
                        throw new ArgumentException($"--metrics-port: must be a port number 0-65535, was '{port}'");
                    }

                    break;
                case "--work-dir":
                    workDirectory = Value(args, ref i, arg);
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new ArgumentException($"unknown option '{arg}'");
                    }

                    if (file is not null)
                    {
                        throw new ArgumentException($"one FILE expected, got '{file}' and '{arg}'");
                    }

                    file = arg;
                    break;
            }
        }

        if (file is null)
        {
            throw new ArgumentException("FILE.yaml is missing");
        }

        return new LocalOptions(Path.GetFullPath(file), output, metricsPort, Path.GetFullPath(workDirectory));
    }

    /// <summary>Whether the arguments ask for help (-h or --help anywhere); nothing else is then parsed or started.</summary>
    public static bool IsHelp(IReadOnlyList<string> args) => args.Any(arg => arg is "-h" or "--help");

    private static string Value(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{name}: a value is missing");
        }

        i++;
        return args[i];
    }
}
