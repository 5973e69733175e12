using System.Text;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Http;

/// <summary>Reads <c>dryRun</c> and <c>fieldValidation</c> from a write request and answers its warnings as <c>Warning</c> headers.</summary>
internal static class WriteOptionsParser
{
    public static WriteOptions Parse(IQueryCollection query, string? userAgent = null)
    {
        var dryRun = query["dryRun"];
        if (dryRun.Any(value => value != "All"))
        {
            throw ApiErrors.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\"");
        }

        var validation = query["fieldValidation"].ToString() switch
        {
            "" or "Warn" => FieldValidation.Warn,
            "Ignore" => FieldValidation.Ignore,
            "Strict" => FieldValidation.Strict,
            var other => throw ApiErrors.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
        };
        var force = query["force"].ToString();
        if (force is not ("" or "true" or "false"))
        {
            throw ApiErrors.BadRequest($"force: Invalid value: \"{force}\": must be true or false");
        }

        return new WriteOptions
        {
            DryRun = dryRun.Count > 0,
            FieldValidation = validation,
            FieldManager = FieldManagerOf(query["fieldManager"], userAgent),
            Force = force == "true",
        };
    }

    /// <summary>Whether the request named its field manager, which server-side apply requires.</summary>
    public static bool NamesFieldManager(IQueryCollection query) => !string.IsNullOrEmpty(query["fieldManager"]);

    // As the API server does: fieldManager, else the User-Agent up to its first '/' ("kubectl", "KubernetesClient").
    private static string FieldManagerOf(string? fieldManager, string? userAgent)
    {
        if (!string.IsNullOrEmpty(fieldManager))
        {
            if (fieldManager.Length > 128)
            {
                throw ApiErrors.BadRequest($"fieldManager: Too long: may not be more than 128 bytes");
            }

            return fieldManager;
        }

        var product = userAgent?.Split('/')[0].Trim();
        return string.IsNullOrEmpty(product) ? WriteOptions.DefaultFieldManager : product;
    }

    // RFC 7234 warn-code 299 with an unknown agent, as the API server sends them; kubectl prints "Warning: TEXT".
    public static void AddWarningHeaders(HttpResponse response, WriteOptions options)
    {
        foreach (var warning in options.Warnings)
        {
            response.Headers.Append("Warning", $"299 - \"{Escape(warning)}\"");
        }
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (character is '"' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(character is '\r' or '\n' ? ' ' : character);
        }

        return escaped.ToString();
    }
}
