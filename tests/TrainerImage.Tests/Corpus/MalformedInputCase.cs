namespace KubeTune.Trainer.Tests.Corpus;

/// <summary>One hostile input: how to break a working train workspace, the exit code and the message the trainer must give.</summary>
public sealed record MalformedInputCase(string Area, string Name, Action<CorpusWorkspace> Break, int ExitCode, string Message)
{
    public override string ToString() => Name;
}
