using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Auth;

/// <summary>
/// A tamper-evident, expiring token: base64url(JSON payload) + "." + base64url(HMAC-SHA256). Used for
/// link tokens and OAuth <c>state</c>; the payload is readable, so it must hold no secret.
/// </summary>
public sealed class SignedToken(byte[] key, TimeProvider time)
{
    private const string ExpiresKey = "exp";

    /// <summary>A token carrying <paramref name="payload"/> that expires after <paramref name="lifetime"/>.</summary>
    public string Create(JsonObject payload, TimeSpan lifetime)
    {
        var body = (JsonObject)payload.DeepClone();
        body[ExpiresKey] = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var encoded = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(body));
        return encoded + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(encoded)));
    }

    /// <returns>The payload; <c>null</c> when the token is malformed, forged or expired.</returns>
    public JsonObject? Read(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var dot = token.IndexOf('.');
        if (dot <= 0) return null;
        var encoded = token[..dot];
        try
        {
            var expected = HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(encoded));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(token.AsSpan(dot + 1)))) return null;
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(encoded)) as JsonObject;
            return payload?[ExpiresKey] is JsonValue exp && exp.TryGetValue<long>(out var seconds) && seconds > time.GetUtcNow().ToUnixTimeSeconds()
                ? payload
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
