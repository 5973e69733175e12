using System.Net;
using System.Net.Http.Headers;

namespace KubeTune.Trainer.Storage;

/// <summary>
/// Downloads one URL to a file through DEST.incomplete: a broken transfer is resumed with an HTTP Range request
/// (in this call or the next run) and the finished file is renamed into place, so DEST exists only when whole.
/// </summary>
public sealed class ResumableDownloader
{
    public const string IncompleteSuffix = ".incomplete";
    private const int Attempts = 4;

    private readonly HttpClient http;

    public ResumableDownloader(HttpClient http) => this.http = http;

    /// <summary>Downloads unless DEST exists; 401/403/404 are input errors naming <paramref name="what"/>.</summary>
    public async Task DownloadAsync(Uri url, string destination, string? bearerToken, string what, CancellationToken cancellationToken)
    {
        if (File.Exists(destination))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var partial = destination + IncompleteSuffix;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TransferAsync(url, partial, bearerToken, what, cancellationToken).ConfigureAwait(false);
                File.Move(partial, destination, overwrite: true);
                return;
            }
            catch (Exception e) when (attempt < Attempts && e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // A dropped connection: the bytes so far stay in the .incomplete file and the next attempt resumes.
            }
        }
    }

    private async Task TransferAsync(Uri url, string partial, string? bearerToken, string what, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearerToken is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The partial file already holds every byte (the rename was what was interrupted).
            return;
        }

        ThrowOnError(response, what, bearerToken);
        var append = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == existing;
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var target = new FileStream(partial, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await source.CopyToAsync(target, 1 << 16, cancellationToken).ConfigureAwait(false);
        var expected = response.Content.Headers.ContentLength;
        if (expected is not null && target.Length != (append ? existing : 0) + expected)
        {
            throw new IOException($"{what}: the transfer ended after {target.Length} bytes");
        }
    }

    /// <summary>Maps the answers a user must act on to input errors; others stay retryable.</summary>
    public static void ThrowOnError(HttpResponseMessage response, string what, string? bearerToken)
    {
        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new InvalidInputException(bearerToken is { Length: > 0 }
                    ? $"{what}: access denied ({status}) with the token in HF_TOKEN; check that it may read this repository"
                    : $"{what}: access denied ({status}); the repository needs a token: set HF_TOKEN (in a FineTuneJob, from a Secret with spec.envFrom or spec.env)");
            case HttpStatusCode.NotFound:
                throw new InvalidInputException($"{what}: not found (404) at {response.RequestMessage?.RequestUri}");
            case var _ when !response.IsSuccessStatusCode:
                throw new HttpRequestException($"{what}: HTTP {status} from {response.RequestMessage?.RequestUri}", null, response.StatusCode);
        }
    }
}
