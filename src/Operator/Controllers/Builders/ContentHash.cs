using System.Security.Cryptography;
using System.Text;

namespace KubeTune.Operator.Controllers.Builders;

/// <summary>A short, stable hash of rendered content, stored as an annotation to detect drift.</summary>
public static class ContentHash
{
    public static string Of(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToHexStringLower(bytes)[..16];
    }
}
