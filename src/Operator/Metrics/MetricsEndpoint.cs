using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace KubeTune.Operator.Metrics;

/// <summary>
/// /metrics: the OpenTelemetry exporter's scrape (operator and runtime metrics) followed by the <see cref="JobSeries"/>.
/// The exporter is asked for the plain text format (0.0.4) without compression, so that the two parts join into one
/// valid exposition; Prometheus reads that format whatever it prefers.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(AppendJobSeriesAsync), optionsName: null);

    private static async Task AppendJobSeriesAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.Headers.Accept = "text/plain";
        context.Request.Headers.AcceptEncoding = "identity";
        var body = context.Response.Body;
        using var scrape = new MemoryStream();
        context.Response.Body = scrape;
        try
        {
            await next(context).ConfigureAwait(false);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
        }

        context.Response.ContentLength = null;
        scrape.Position = 0;
        if (context.Response.StatusCode != StatusCodes.Status200OK || context.RequestServices.GetService<JobSeries>() is not { } series)
        {
            await scrape.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType ??= TextFormat;
        context.Response.Headers.Remove(HeaderNames.LastModified);
        await scrape.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await series.WriteAsync(writer).ConfigureAwait(false);
        }
    }
}
