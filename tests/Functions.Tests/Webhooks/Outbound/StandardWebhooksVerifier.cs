using System.Security.Cryptography;
using System.Text;

namespace Serverless.Functions.Tests.Webhooks.Outbound;

/// <summary>
/// A receiver-side check written from the Standard Webhooks specification, independent of the
/// platform's signing code: the secret's UTF-8 bytes key an HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>; <c>webhook-signature</c> holds space-separated
/// <c>v1,&lt;base64&gt;</c> entries; the timestamp must be within the tolerance of now.
/// </summary>
public static class StandardWebhooksVerifier
{
    public static string? Verify(string secret, ReceivedWebhook request, TimeSpan tolerance, DateTimeOffset now)
    {
        if (!request.Headers.TryGetValue("webhook-id", out var id) || !request.Headers.TryGetValue("webhook-timestamp", out var timestampText)
            || !request.Headers.TryGetValue("webhook-signature", out var signatures))
        {
            return "missing a webhook-id, webhook-timestamp or webhook-signature header";
        }
        if (!long.TryParse(timestampText, out var timestamp) || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return $"timestamp '{timestampText}' is not within {tolerance} of now";
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash([.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. request.Body]);
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',');
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }
            byte[] candidate;
            try
            {
                candidate = Convert.FromBase64String(entry[(comma + 1)..]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return null;
            }
        }
        return "no v1 signature matches";
    }

    /// <summary>The Truto-compatible header: <c>format=sha256,v=&lt;base64 HMAC-SHA256(secret, body)&gt;</c>.</summary>
    public static string? VerifyTruto(string secret, ReceivedWebhook request)
    {
        if (!request.Headers.TryGetValue("x-truto-signature", out var header))
        {
            return "missing X-Truto-Signature";
        }
        var parts = header.Split(',').Select(part => part.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        if (parts.GetValueOrDefault("format") != "sha256" || !parts.TryGetValue("v", out var value))
        {
            return $"malformed X-Truto-Signature '{header}'";
        }
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(value), hmac.ComputeHash(request.Body)) ? null : "X-Truto-Signature does not match";
    }
}
