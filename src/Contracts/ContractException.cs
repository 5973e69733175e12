namespace KubeTune.Contracts;

/// <summary>Input that breaks the job contract (an unknown field, a value out of range, a bad URI); the message names the source and the field.</summary>
public sealed class ContractException : Exception
{
    public ContractException(string message)
        : base(message)
    {
    }

    public ContractException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
