using System.Text.Json;
using System.Text.Json.Nodes;
using KubeTune.DevCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeTune.DevCluster.Http;

/// <summary>Reads request bodies and writes JSON answers and Status errors.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonOutput.Serialize(body), context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, StatusException error) => WriteAsync(context, error.Code, error.ToStatus());

    public static async Task<JsonNode> ReadBodyAsync(HttpContext context)
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return node ?? throw ApiErrors.BadRequest("the request body is empty");
        }
        catch (JsonException error)
        {
            throw ApiErrors.BadRequest($"the request body is not valid JSON: {error.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadBodyAsync(context) as JsonObject ?? throw ApiErrors.BadRequest("the request body is not a JSON object");
}
