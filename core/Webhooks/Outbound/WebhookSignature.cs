using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>The two signatures every delivery carries (SPEC §6).</summary>
internal static class WebhookSignature
{
    /// <summary>Standard Webhooks <c>webhook-signature</c>: <c>v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))</c>.</summary>
    public static string StandardWebhooks(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
    }

    /// <summary>Truto-compatible <c>X-Truto-Signature</c>: <c>format=sha256,v=base64(HMAC-SHA256(secret, body))</c>.</summary>
    public static string Truto(string secret, ReadOnlySpan<byte> body) =>
        "format=sha256,v=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
