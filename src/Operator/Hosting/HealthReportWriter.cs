using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KubeTune.Operator.Hosting;

/// <summary>Writes a probe answer a person can read: the status, then what each check is waiting for.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(entry => $"{entry.Key}: {entry.Value.Status} ({entry.Value.Description})");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join("\n", lines)}\n");
    }
}
