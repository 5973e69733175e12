using System.Diagnostics;

namespace KubeTune.Local.Tests;

/// <summary>A temporary folder for one local run (its manifest, data and work directory) and a way to run the command in-process.</summary>
public sealed class LocalRunFixture : IDisposable
{
    // The run writes from its own threads; these wrappers lock on themselves, so SoFar can read between writes.
    private readonly TextWriter synchronizedOutput;
    private readonly TextWriter synchronizedError;

    public LocalRunFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "kt-local-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        synchronizedOutput = TextWriter.Synchronized(Output);
        synchronizedError = TextWriter.Synchronized(Error);
    }

    public string Root { get; }

    public string WorkDirectory => Path.Combine(Root, "work");

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    /// <summary>What the run printed so far, stdout then stderr; safe to call while it runs.</summary>
    public string SoFar()
    {
        lock (synchronizedOutput)
        {
            lock (synchronizedError)
            {
                return Output.ToString() + Error;
            }
        }
    }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>KubeTune.Local FILE ARGS --work-dir WORK --metrics-port 0</c> with plain output and the given trainer command line.</summary>
    public Task<int> RunAsync(string file, string trainerCommandLine, CancellationToken cancellationToken = default, params string[] extra)
    {
        var io = new LocalIo(synchronizedOutput, synchronizedError, Interactive: false, name => name == LocalTrainer.CommandVariable ? trainerCommandLine : null, RepositoryRoot.Path);
        string[] args = [file, "--work-dir", WorkDirectory, "--metrics-port", "0", .. extra];
        return LocalCommand.RunAsync(args, Operator.Program.AddControllers, io, cancellationToken);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing at the deadline with what the run printed.</summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < deadline, $"timed out waiting for {what}; output:\n{SoFar()}");

            // The run writes from other threads; poll briefly.
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
