namespace KubeTune.Trainer.Commands;

/// <summary>"--name value" pairs of a subcommand; unknown or repeated options are input errors.</summary>
public sealed class CommandLineOptions
{
    private readonly Dictionary<string, string> values;

    private CommandLineOptions(string command, Dictionary<string, string> values)
    {
        Command = command;
        this.values = values;
    }

    public string Command { get; }

    /// <param name="hidden">Options accepted but never listed (test and fault-injection switches).</param>
    public static CommandLineOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string>? hidden = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !(allowed.Contains(name[2..]) || hidden?.Contains(name[2..]) == true))
            {
                throw new InvalidInputException($"{command}: unknown option '{name}' (options: {string.Join(", ", allowed.Select(a => "--" + a))}; {command} --help describes them)");
            }

            if (i + 1 >= args.Count)
            {
                throw new InvalidInputException($"{command}: option '{name}' needs a value");
            }

            if (!values.TryAdd(name[2..], args[++i]))
            {
                throw new InvalidInputException($"{command}: option '{name}' is given twice");
            }
        }

        return new CommandLineOptions(command, values);
    }

    /// <summary>Whether the arguments ask for help (-h or --help anywhere); the command then prints its usage and does nothing else.</summary>
    public static bool IsHelp(IReadOnlyList<string> args) => args.Any(arg => arg is "-h" or "--help");

    public string Require(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new InvalidInputException($"{Command}: option '--{name}' is required");

    public string? Get(string name) => values.GetValueOrDefault(name);
}
