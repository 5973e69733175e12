using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeTune.DevCluster.Auth;

/// <summary>Compact JWS with HS256: <c>base64url(header).base64url(claims).base64url(HMAC-SHA256)</c>.</summary>
public static class JsonWebToken
{
    public static string Sign(JsonObject claims, byte[] key, string keyId)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = keyId };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The claims when the signature is this key's; otherwise null with the reason.</summary>
    public static JsonObject? Verify(string token, byte[] key, out string? error)
    {
        error = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "token is not a JWT (expected three dot-separated parts)";
            return null;
        }

        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "HS256")
            {
                error = "unsupported signing algorithm";
                return null;
            }

            var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, FromBase64Url(parts[2])))
            {
                error = "invalid signature";
                return null;
            }

            if (JsonNode.Parse(FromBase64Url(parts[1])) is JsonObject claims)
            {
                return claims;
            }

            error = "token claims are not a JSON object";
            return null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            error = "malformed token";
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException("bad base64url length") };
        return Convert.FromBase64String(padded);
    }
}
