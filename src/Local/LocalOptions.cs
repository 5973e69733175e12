using System.Globalization;

namespace KubeTune.Local;

/// <summary>The arguments of <c>KubeTune.Local FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]</c>.</summary>
public sealed record LocalOptions(string File, string? Output, int MetricsPort, string WorkDirectory)
{
    public const string Usage = "usage: dotnet run --project src/Local -- FILE.yaml [-o yaml|json] [--metrics-port 9090] [--work-dir DIR]";

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
                case "-h" or "--help":
                    throw new ArgumentException("help requested");
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
