using System.Runtime.InteropServices;

namespace KubeTune.DevCluster;

/// <summary>
/// SIGTERM, SIGINT (Ctrl-C) and SIGQUIT request a graceful stop; a second signal while stopping ends the process
/// at once, as the default handler would.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations;

    private StopSignals(List<PosixSignalRegistration> registrations) => _registrations = registrations;

    public static StopSignals Register(CancellationTokenSource stop)
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }

        var signals = new List<PosixSignal> { PosixSignal.SIGTERM, PosixSignal.SIGINT };
        if (!OperatingSystem.IsWindows())
        {
            signals.Add(PosixSignal.SIGQUIT);
        }

        return new StopSignals([.. signals.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))]);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
