namespace KubeTune.Trainer.Tests.Training;

/// <summary>
/// A background thread that allocates and forces GCs until disposed: it makes the race of docs/training.md (a GC
/// on another thread finalizing a TorchSharp Scalar that libtorch is still reading) likely instead of rare.
/// </summary>
public sealed class GarbageCollectingThread : IDisposable
{
    private readonly Thread thread;
    private int stopped;

    public GarbageCollectingThread()
    {
        thread = new Thread(Collect) { IsBackground = true, Name = "forced-gc" };
        thread.Start();
    }

    /// <summary>How many collections the thread forced (a test asserts it really ran).</summary>
    public int Collections { get; private set; }

    public void Dispose()
    {
        Volatile.Write(ref stopped, 1);
        thread.Join();
    }

    private void Collect()
    {
        while (Volatile.Read(ref stopped) == 0)
        {
            // Allocations as a prefetcher or an HTTP poster makes them, then a full blocking collection.
            var garbage = new List<byte[]>();
            for (var i = 0; i < 16; i++)
            {
                garbage.Add(new byte[1024]);
            }

            GC.KeepAlive(garbage);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Collections++;
        }
    }
}
