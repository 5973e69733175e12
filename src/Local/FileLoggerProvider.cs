using Microsoft.Extensions.Logging;

namespace KubeTune.Local;

/// <summary>Writes the in-process operator's log to a file, so the terminal keeps the progress display.</summary>
public sealed class FileLoggerProvider(string path, LogLevel minimum) : ILoggerProvider
{
    private readonly StreamWriter writer = new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    private readonly Lock gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (gate)
        {
            writer.Dispose();
        }
    }

    internal bool IsEnabled(LogLevel level) => level >= minimum && level != LogLevel.None;

    internal void Write(string line)
    {
        lock (gate)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Shutdown logs after the file closed are dropped.
            }
        }
    }
}
