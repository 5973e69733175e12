using System.Text.Json.Nodes;
using k8s.Autorest;
using KubeTune.Operator.Api.V1Alpha1;
using KubeTune.Operator.Controllers;
using KubeTune.Operator.Controllers.Search;
using KubeTune.Operator.Controllers.Status;
using KubeTune.Operator.Runtime;
using KubeTune.Operator.Runtime.Informers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KubeTune.Operator.Progress;

/// <summary>
/// <c>POST /v1alpha1/namespaces/{ns}/finetunejobs/{name}/progress</c>: authenticates the trainer (401/403), reads at
/// most <see cref="ProgressOptions.MaxBodyBytes"/> (413), validates the report (422 naming the field), refuses a report
/// for a finished job (409), and only then applies it to the store and the status. A refused request changes nothing.
/// The output location is the spec's, never the report's: only the report's output size is taken.
/// </summary>
public sealed class ProgressEndpoint(
    ProgressAuthenticator authenticator,
    AuthenticationLimiter limiter,
    ProgressStore store,
    ProgressStatusWriter writer,
    TrialProgressStore trials,
    ResourceInformer<FineTuneJob> jobs,
    StatusOverlay overlay,
    ProgressOptions options,
    ILogger<ProgressEndpoint> logger)
{
    public const string PathPattern = ProgressRoute.Pattern;

    public static string PathFor(string ns, string name) => ProgressRoute.PathFor(ns, name);

    public async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["v1alpha1", "namespaces", var ns, "finetunejobs", var name, "progress"])
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, $"no such endpoint; reports go to POST {PathPattern}");
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "only POST is allowed");
            return;
        }

        var job = new ObjectKey(Uri.UnescapeDataString(ns), Uri.UnescapeDataString(name));
        var authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null;
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        ProgressCaller caller;
        try
        {
            caller = authenticator.Cached(authorization, job.Namespace, job.Name) ?? await AuthenticateLimitedAsync(context, authorization, address, job);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            logger.LogWarning(e, "Could not authenticate a progress report for {Job}", job);
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "cannot reach the Kubernetes API to review the token; retry later");
            return;
        }

        if (caller.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            await ErrorAsync(context, caller.StatusCode, caller.Message);
            return;
        }

        if (!caller.Allowed)
        {
            limiter.Refused(address);
            if (caller.StatusCode == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            logger.LogInformation("Progress report for {Job} refused with {Status}: {Reason}", job, caller.StatusCode, caller.Message);
            await ErrorAsync(context, caller.StatusCode, caller.Message);
            return;
        }

        if (context.Request.ContentType is { Length: > 0 } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, $"the report must be application/json, was {type}");
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"the report is larger than {options.MaxBodyBytes} bytes");
            return;
        }

        ProgressReport report;
        try
        {
            report = ProgressReportReader.Read(body.Value);
        }
        catch (InvalidReportException e)
        {
            await ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, $"invalid report: {e.Field}: {e.Problem}", e.Field);
            return;
        }

        if (caller.Trial is { } trial && trials.RecordLabelled(job, trial, report) is { } history)
        {
            // A search trial's report is kept per trial for the search; the job's own progress is not a trial's.
            await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["applied"] = true, ["step"] = history.Step, ["trial"] = history.Trial });
            return;
        }

        var cached = jobs.Get(job.Namespace, job.Name) is { } found ? overlay.View(found) : null;
        if (cached is not null && StatusCalculator.IsFinished(cached.Status))
        {
            // A finished job is a record: no report, final or not, from whichever pod, changes it.
            await ErrorAsync(context, StatusCodes.Status409Conflict, $"finetunejob {job} is {cached.Status!.Phase}; a finished job takes no more reports");
            return;
        }

        report = report with { Output = report.Output is { } output && cached is not null ? FinalStatus.OutputOf(cached.Spec, output.SizeBytes) : null };
        var (applied, progress) = store.Apply(job, report);
        var outcome = applied ? await writer.ReportAppliedAsync(job, report.Final, context.RequestAborted) : ProgressWriteOutcome.Unchanged;
        if (outcome == ProgressWriteOutcome.JobGone)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, $"finetunejob {job} does not exist");
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["applied"] = applied, ["step"] = progress.Report.Step, ["write"] = outcome.ToString() });
    }

    // A caller without a cached good token costs a TokenReview: refused ones are limited per source address.
    private async Task<ProgressCaller> AuthenticateLimitedAsync(HttpContext context, string? authorization, string address, ObjectKey job)
    {
        var (allowed, retryAfter) = limiter.Check(address);
        if (!allowed)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Max(1, retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ProgressCaller(StatusCodes.Status429TooManyRequests, $"too many unauthenticated requests from {address}; retry in {retryAfter.TotalSeconds:0} s");
        }

        return await authenticator.AuthenticateAsync(authorization, job.Namespace, job.Name, context.RequestAborted);
    }

    // The body, or null when it is larger than the limit (by its Content-Length or by what arrives).
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > options.MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message, string? field = null)
    {
        var body = new JsonObject { ["code"] = status, ["message"] = message };
        if (field is not null)
        {
            body["field"] = field;
        }

        await WriteJsonAsync(context, status, body);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
