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
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        if (mediaType == Protobuf.KubernetesProtobuf.MediaType)
        {
            // kubectl create (configmap, secret, namespace) sends protobuf whatever the server advertises.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            try
            {
                return Protobuf.KubernetesProtobuf.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            catch (FormatException error)
            {
                throw ApiErrors.BadRequest($"the protobuf request body is not valid: {error.Message}");
            }
        }

        if (mediaType.Contains("cbor", StringComparison.Ordinal))
        {
            throw new StatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, {Protobuf.KubernetesProtobuf.MediaType} (got {mediaType})");
        }

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

    /// <summary>A server-side apply body: YAML (JSON included), read with kubectl's YAML rules.</summary>
    public static async Task<JsonNode> ReadYamlAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return KubeTune.Contracts.YamlJson.Parse(text, "the applied configuration") ?? throw ApiErrors.BadRequest("the request body is empty");
        }
        catch (FormatException error)
        {
            throw ApiErrors.BadRequest($"the applied configuration is not valid YAML: {error.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadBodyAsync(context) as JsonObject ?? throw ApiErrors.BadRequest("the request body is not a JSON object");
}
