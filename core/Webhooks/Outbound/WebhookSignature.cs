using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>The two signatures every delivery carries (SPEC §6).</summary>
internal static class WebhookSignature
{
    /// <summary>Standard Webhooks <c>webhook-signature</c>: <c>v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}"))</c>.</summary>
    public static string StandardWebhooks(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        // Signed in pieces: the body (a whole page of records for sync runs) is not copied behind the prefix.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."));
        hmac.AppendData(body);
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(signature);
        return "v1," + Convert.ToBase64String(signature);
    }

    /// <summary>Truto-compatible <c>X-Truto-Signature</c>: <c>format=sha256,v=base64(HMAC-SHA256(secret, body))</c>.</summary>
    public static string Truto(string secret, ReadOnlySpan<byte> body) =>
        "format=sha256,v=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
