using System.Runtime.InteropServices;
using System.Text;

namespace KubeTune.Trainer.Bench;

/// <summary>
/// Peak device memory in use (NVML's used bytes of GPU 0: the CUDA context plus everything torch's caching allocator
/// holds), polled every few milliseconds on a background thread. TorchSharp 0.107 exposes no torch.cuda memory stats;
/// bench/gpu/reference.py polls the same quantity (torch.cuda.mem_get_info) so the two peaks compare like with like.
/// </summary>
public sealed class GpuMemoryProbe : IDisposable
{
    private const string Nvml = "libnvidia-ml.so.1";
    private readonly IntPtr device;
    private readonly Thread? poller;
    private volatile bool stopping;
    private long peakBytes;

    private GpuMemoryProbe(IntPtr device, string name)
    {
        this.device = device;
        Name = name;
        poller = new Thread(Poll) { IsBackground = true, Name = "gpu-memory-probe" };
        poller.Start();
    }

    public string Name { get; }

    public long PeakBytes => Interlocked.Read(ref peakBytes);

    /// <summary>A running probe, or null with the reason (no NVML library, no GPU).</summary>
    public static (GpuMemoryProbe? Probe, string? Problem) TryStart()
    {
        try
        {
            if (NativeMethods.nvmlInit_v2() != 0 || NativeMethods.nvmlDeviceGetHandleByIndex_v2(0, out var handle) != 0)
            {
                return (null, "NVML found no GPU");
            }

            var name = new StringBuilder(96);
            var named = NativeMethods.nvmlDeviceGetName(handle, name, (uint)name.Capacity) == 0;
            return (new GpuMemoryProbe(handle, named ? name.ToString() : "unknown GPU"), null);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, $"{Nvml} is not available: {e.Message}");
        }
    }

    public void Dispose()
    {
        stopping = true;
        poller?.Join();
        NativeMethods.nvmlShutdown();
    }

    private void Poll()
    {
        while (!stopping)
        {
            if (NativeMethods.nvmlDeviceGetMemoryInfo(device, out var memory) == 0 && (long)memory.Used > PeakBytes)
            {
                Interlocked.Exchange(ref peakBytes, (long)memory.Used);
            }

            Thread.Sleep(2);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryInfo
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    private static class NativeMethods
    {
        [DllImport(Nvml)]
        public static extern int nvmlInit_v2();

        [DllImport(Nvml)]
        public static extern int nvmlShutdown();

        [DllImport(Nvml)]
        public static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

        [DllImport(Nvml, CharSet = CharSet.Ansi)]
        public static extern int nvmlDeviceGetName(IntPtr device, StringBuilder name, uint length);

        [DllImport(Nvml)]
        public static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out MemoryInfo memory);
    }
}
