namespace KubeTune.Contracts;

/// <summary>The trainer contract's exit codes (the Job's podFailurePolicy acts on them).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Retryable = 1;
    public const int InvalidInput = 2;
    public const int Diverged = 3;
}
