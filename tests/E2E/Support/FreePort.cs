using System.Net;
using System.Net.Sockets;

namespace KubeTune.E2E.Tests.Support;

/// <summary>A TCP port nothing listens on right now (the operator must know its progress URL before it starts).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
