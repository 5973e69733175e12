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

    public static CommandLineOptions Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> allowed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]))
            {
                throw new InvalidInputException($"{command}: unknown option '{name}' (options: {string.Join(", ", allowed.Select(a => "--" + a))})");
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

    public string Require(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new InvalidInputException($"{Command}: option '--{name}' is required");

    public string? Get(string name) => values.GetValueOrDefault(name);
}
