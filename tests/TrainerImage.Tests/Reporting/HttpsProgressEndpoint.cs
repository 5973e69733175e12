using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KubeTune.Trainer.Tests.Reporting;

/// <summary>
/// A minimal HTTPS progress endpoint (TLS over a socket, answering 200 to each request) serving a certificate for
/// <c>127.0.0.1</c> or another name, issued by a test CA: what the operator serves, without the operator.
/// </summary>
public sealed class HttpsProgressEndpoint : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource closing = new();
    private readonly X509Certificate2 serving;
    private readonly Task loop;

    public HttpsProgressEndpoint(TestCa issuer, string servedName = "127.0.0.1")
    {
        serving = issuer.Issue(servedName);
        listener.Start();
        Url = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1alpha1/namespaces/ns/finetunejobs/job/progress");
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>The bodies of the requests that got through the handshake.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public void Dispose()
    {
        closing.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped under a pending accept.
        }

        serving.Dispose();
        closing.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!closing.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serving }, closing.Token);
            while (await ReadRequestAsync(tls) is { } body)
            {
                Received.Enqueue(body);
                await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"u8.ToArray(), closing.Token);
                await tls.FlushAsync(closing.Token);
            }
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // A refused handshake or a closed connection.
        }
    }

    // Headers up to the blank line, then Content-Length bytes of body; null at the end of the connection.
    private async Task<string?> ReadRequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, closing.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var length = Encoding.ASCII.GetString([.. head]).Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, closing.Token);
        return Encoding.UTF8.GetString(body);
    }
}
