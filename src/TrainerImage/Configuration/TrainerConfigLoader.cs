namespace KubeTune.Trainer.Configuration;

/// <summary>
/// Reads the trainer's config, the operator's job.json (kind TrainerConfig) or a FineTuneJob manifest, through the
/// job contract (<see cref="JobResolver"/>): the same types, defaults and checks as the operator; every error names
/// the file and the field and is an <see cref="InvalidInputException"/> (exit 2).
/// </summary>
public static class TrainerConfigLoader
{
    /// <summary>Largest config accepted: a job.json is a few KiB; anything near this is not a config.</summary>
    public const long MaxConfigBytes = 4 * 1024 * 1024;

    public static TrainerConfig Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InvalidInputException($"{path}: config file not found");
        }

        if (file.Length > MaxConfigBytes)
        {
            throw new InvalidInputException($"{path}: config file is {file.Length} bytes; at most {MaxConfigBytes} are read");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors.</summary>
    public static TrainerConfig Parse(string text, string source)
    {
        try
        {
            return JobResolver.Read(text, source);
        }
        catch (ContractException e)
        {
            throw new InvalidInputException(e.Message, e);
        }
    }
}
