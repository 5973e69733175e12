namespace KubeTune.Trainer;

/// <summary>Bad config, dataset or model files: permanent, the trainer exits with code 2.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
