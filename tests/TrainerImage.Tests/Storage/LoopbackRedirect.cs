namespace KubeTune.Trainer.Tests.Storage;

/// <summary>Sends requests for https://<see cref="Host"/>/... to a local plain-HTTP server, so https:// downloads can be tested offline.</summary>
public sealed class LoopbackRedirect : DelegatingHandler
{
    public const string Host = "files.kubetune.test";

    private readonly Uri target;

    public LoopbackRedirect(Uri target)
        : base(new HttpClientHandler())
    {
        this.target = target;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Host: Host } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
