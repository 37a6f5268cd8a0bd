using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary><c>$digest</c>, <c>$sign</c> (HMAC), UTF-8 <c>$base64encode</c>/<c>$base64decode</c>, <c>$uuid</c>.</summary>
internal static class EncodingFunctions
{
    public static void Register(JsonataFunctionRegistry registry)
    {
        registry.Register("digest", "<s-s?s?:s>", (_, a) => a[0] is string text ? Encode(Hash(Algorithm(Arg(a, 1)), text), Arg(a, 2)) : null);
        registry.Register("sign", "<s-sss?:s>", (_, a) => a[0] is string text && Arg(a, 2) is { } secret ? Encode(Hmac(Algorithm(Arg(a, 1)), secret, text), Arg(a, 3)) : null);
        // Replace the built-ins (Latin-1 bytes, like the browser's btoa) with UTF-8, so any text round-trips.
        registry.Register("base64encode", "<s-b?:s>", (_, a) => a[0] is string s ? Base64Encode(s, a.Length > 1 && a[1] is true) : null);
        registry.Register("base64decode", "<s-:s>", (_, a) => a[0] is string s ? Base64Decode(s) : null);
        registry.Register("uuid", "<:s>", (_, _) => Guid.NewGuid().ToString());
    }

    private static string? Arg(object?[] args, int index) => args.Length > index ? args[index] as string : null;

    private static HashAlgorithmName Algorithm(string? name) =>
        (name ?? "SHA-256").Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "SHA1" => HashAlgorithmName.SHA1,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA384" => HashAlgorithmName.SHA384,
            "SHA512" => HashAlgorithmName.SHA512,
            "MD5" => HashAlgorithmName.MD5,
            _ => throw ExtensionValues.Error("D3220", $"Unsupported hash algorithm '{name}' (use SHA-1, SHA-256, SHA-384, SHA-512 or MD5)", name),
        };

    private static byte[] Hash(HashAlgorithmName algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return algorithm.Name switch
        {
            "SHA1" => SHA1.HashData(bytes),
            "SHA384" => SHA384.HashData(bytes),
            "SHA512" => SHA512.HashData(bytes),
            "MD5" => MD5.HashData(bytes),
            _ => SHA256.HashData(bytes),
        };
    }

    private static byte[] Hmac(HashAlgorithmName algorithm, string secret, string text) =>
        CryptographicOperations.HmacData(algorithm, Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text));

    private static string Encode(byte[] bytes, string? type) => (type ?? "hex").ToLowerInvariant() switch
    {
        "hex" => Convert.ToHexStringLower(bytes),
        "base64" => Convert.ToBase64String(bytes),
        "base64url" => Base64Url(Convert.ToBase64String(bytes)),
        _ => throw ExtensionValues.Error("D3221", $"Unsupported output type '{type}' (use hex, base64 or base64url)", type),
    };

    private static string Base64Url(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64Encode(string text, bool urlSafe)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        return urlSafe ? Base64Url(base64) : base64;
    }

    private static string Base64Decode(string text)
    {
        // Accepts both alphabets and missing padding: vendors send either.
        var normalised = text.Trim().Replace('-', '+').Replace('_', '/');
        normalised += (normalised.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(normalised));
        }
        catch (Exception exception) when (exception is FormatException or DecoderFallbackException)
        {
            throw ExtensionValues.Error("D3222", "$base64decode: the text is not base64-encoded UTF-8", text);
        }
    }
}
