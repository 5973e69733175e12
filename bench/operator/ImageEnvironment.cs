namespace KubeTune.Bench.Operator;

/// <summary>
/// The runtime settings the operator image sets (the DOTNET_ variables of the Dockerfile's last stage), so the bench
/// measures the operator as it ships; a variable already set in the bench's own environment wins.
/// </summary>
public static class ImageEnvironment
{
    public static Dictionary<string, string> DotnetSettings(string dockerfile)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in LastStage(Instructions(File.ReadAllLines(dockerfile))))
        {
            if (!instruction.StartsWith("ENV ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var pair in instruction[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new FormatException($"{dockerfile}: ENV {pair} is not NAME=value (the bench reads only that form)");
                }

                var name = pair[..equals];
                if (name.StartsWith("DOTNET_", StringComparison.Ordinal) && Environment.GetEnvironmentVariable(name) is null)
                {
                    settings[name] = pair[(equals + 1)..].Trim('"');
                }
            }
        }

        return settings;
    }

    // Joins backslash continuations and drops comments: one string per instruction.
    private static IEnumerable<string> Instructions(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            current += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (!line.EndsWith('\\'))
            {
                yield return current.Trim();
                current = "";
            }
        }
    }

    private static IEnumerable<string> LastStage(IEnumerable<string> instructions)
    {
        var stage = new List<string>();
        foreach (var instruction in instructions)
        {
            if (instruction.StartsWith("FROM ", StringComparison.Ordinal))
            {
                stage.Clear();
            }

            stage.Add(instruction);
        }

        return stage;
    }
}
