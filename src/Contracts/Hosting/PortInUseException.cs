using System.Net.Sockets;

namespace KubeTune.Contracts;

/// <summary>
/// A listener could not bind because the port is taken; the message names the port and the setting that changes it,
/// so each program (dev cluster, operator, local) exits 2 with one line instead of a stack trace.
/// </summary>
public sealed class PortInUseException(int port, string setting, Exception inner)
    : Exception($"port {port} is in use by another program; choose another with {setting} (0 picks a free one)", inner)
{
    public int Port { get; } = port;

    public string Setting { get; } = setting;

    /// <summary>Whether <paramref name="error"/> is a bind failure on a taken address (Kestrel wraps the socket error in an IOException).</summary>
    public static bool IsAddressInUse(Exception error) =>
        error is IOException or SocketException
        && (error is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || error.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || error.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
}
