using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Templating;

namespace Serverless.Core.Webhooks.Inbound;

/// <summary>
/// Checks <c>webhook.signature_verification</c> against a payload context (SPEC §5 step 4). Every
/// format reduces to "the bytes we expect" versus "the bytes we received", compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so vendor schemes differ only in config.
/// </summary>
public sealed class WebhookSignatureVerifier(WebhookTemplates templates, TimeProvider time)
{
    /// <summary>How far a signed timestamp may be from now when the config sets no tolerance (5 minutes).</summary>
    public const int DefaultTimestampToleranceSeconds = 300;

    /// <summary>Where <c>basic</c>, <c>bearer</c> and <c>jwt</c> read the received credential unless <c>compare_with</c> says otherwise.</summary>
    public const string DefaultCompareWith = "{{headers.authorization}}";

    /// <summary>Checks a request, given as its payload context, against <paramref name="definition"/>.</summary>
    public SignatureCheck Verify(SignatureVerificationDefinition definition, JsonObject payloadContext)
    {
        var scope = new JsonObjectScope(payloadContext);
        return definition switch
        {
            HmacSignatureVerification hmac => VerifyHmac(hmac.Config, scope),
            BasicSignatureVerification basic => VerifyBasic(basic.Config, scope),
            BearerSignatureVerification bearer => VerifyBearer(bearer.Config, scope),
            JwtSignatureVerification jwt => VerifyJwt(jwt.Config, scope),
            _ => SignatureCheck.Invalid($"signature format {definition.Format} is not supported"),
        };
    }

    private SignatureCheck VerifyHmac(HmacSignatureOptions options, JsonObjectScope scope)
    {
        var secret = templates.ResolveRequired(options.Secret, scope);
        if (string.IsNullOrEmpty(secret)) return SignatureCheck.Invalid("the signature secret is not configured for this account");

        var received = templates.ResolveRequired(options.CompareWith, scope);
        if (string.IsNullOrEmpty(received)) return SignatureCheck.Invalid("the request carries no signature");
        if (!string.IsNullOrEmpty(options.Prefix))
        {
            if (!received.StartsWith(options.Prefix, StringComparison.Ordinal)) return SignatureCheck.Invalid("the signature does not start with the expected prefix");
            received = received[options.Prefix.Length..];
        }

        if (options.Timestamp is not null)
        {
            var timestampCheck = CheckTimestamp(templates.ResolveRequired(options.Timestamp, scope), options.TimestampToleranceSeconds ?? DefaultTimestampToleranceSeconds);
            if (!timestampCheck.IsValid) return timestampCheck;
        }

        if (!TryDecode(received.Trim(), options.StringType, out var receivedBytes)) return SignatureCheck.Invalid("the signature is not valid " + options.StringType.ToString().ToLowerInvariant());

        var content = new StringBuilder();
        if (options.Parts is { } parts)
        {
            // Parts name payload-context fields (Truto's ["timestamp", "raw_body"]); one with placeholders is a template.
            foreach (var part in parts) content.Append(templates.Resolve(part.Contains("{{", StringComparison.Ordinal) ? part : "{{" + part + "}}", scope));
        }
        else
        {
            foreach (var piece in options.VerificationContent ?? []) content.Append(templates.Resolve(piece, scope));
        }

        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(content.ToString());
        var expected = options.Algorithm switch
        {
            HmacAlgorithm.Sha1 => HMACSHA1.HashData(key, data),
            HmacAlgorithm.Sha512 => HMACSHA512.HashData(key, data),
            _ => HMACSHA256.HashData(key, data),
        };
        return CryptographicOperations.FixedTimeEquals(expected, receivedBytes) ? SignatureCheck.Valid : SignatureCheck.Invalid("the signature does not match");
    }

    private SignatureCheck CheckTimestamp(string? text, int toleranceSeconds)
    {
        if (string.IsNullOrWhiteSpace(text)) return SignatureCheck.Invalid("the request carries no signature timestamp");
        DateTimeOffset sent;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e11)
        {
            sent = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out sent))
        {
            return SignatureCheck.Invalid("the signature timestamp is neither unix seconds nor ISO 8601");
        }

        return Math.Abs((time.GetUtcNow() - sent).TotalSeconds) <= toleranceSeconds
            ? SignatureCheck.Valid
            : SignatureCheck.Invalid($"the signature timestamp is more than {toleranceSeconds} seconds away from now");
    }

    /// <summary>Truto: base64(username:password) against the second word of <c>compare_with</c> (<c>Authorization: Basic &lt;token&gt;</c>).</summary>
    private SignatureCheck VerifyBasic(BasicSignatureOptions options, JsonObjectScope scope)
    {
        var username = templates.ResolveRequired(options.Username, scope);
        var password = templates.ResolveRequired(options.Password, scope);
        if (string.IsNullOrEmpty(username) || password is null) return SignatureCheck.Invalid("the basic credentials are not configured for this account");
        var received = Credential(options.CompareWith, scope);
        if (string.IsNullOrEmpty(received)) return SignatureCheck.Invalid("the request carries no basic credentials");
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        return FixedTimeEquals(expected, received) ? SignatureCheck.Valid : SignatureCheck.Invalid("the basic credentials do not match");
    }

    /// <summary>Truto: <c>secret</c> against the second word of <c>compare_with</c> (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
    private SignatureCheck VerifyBearer(BearerSignatureOptions options, JsonObjectScope scope)
    {
        var expected = templates.ResolveRequired(options.Secret, scope);
        if (string.IsNullOrEmpty(expected)) return SignatureCheck.Invalid("the token is not configured for this account");
        var received = Credential(options.CompareWith, scope);
        if (string.IsNullOrEmpty(received)) return SignatureCheck.Invalid("the request carries no token");
        return FixedTimeEquals(expected, received) ? SignatureCheck.Valid : SignatureCheck.Invalid("the token does not match");
    }

    /// <summary>
    /// The credential in <paramref name="compareWith"/> (default the <c>Authorization</c> header): its second
    /// word when it reads <c>&lt;scheme&gt; &lt;credential&gt;</c>, else the whole value (a bare token such as
    /// Microsoft Graph's <c>clientState</c>). <c>null</c> when the request carries none.
    /// </summary>
    private string? Credential(string? compareWith, JsonObjectScope scope)
    {
        var value = templates.ResolveRequired(compareWith ?? DefaultCompareWith, scope)?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        var words = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 ? words[1] : words[0];
    }

    private static bool FixedTimeEquals(string expected, string received) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(received));

    /// <summary>Truto: <c>compare_with</c> is a JWT signed with <c>secret</c> (HS256 unless <c>algorithm</c> says otherwise).</summary>
    private SignatureCheck VerifyJwt(JwtSignatureOptions options, JsonObjectScope scope)
    {
        var secret = templates.ResolveRequired(options.Secret, scope);
        if (string.IsNullOrEmpty(secret)) return SignatureCheck.Invalid("the JWT secret is not configured for this account");
        var token = Credential(options.CompareWith, scope);
        if (string.IsNullOrEmpty(token)) return SignatureCheck.Invalid("the request carries no JWT");

        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[2], SignatureEncoding.Base64url, out var signature)) return SignatureCheck.Invalid("the JWT is malformed");
        JsonNode? header, claims;
        try
        {
            header = TryDecode(parts[0], SignatureEncoding.Base64url, out var headerBytes) ? JsonNode.Parse(headerBytes) : null;
            claims = TryDecode(parts[1], SignatureEncoding.Base64url, out var claimBytes) ? JsonNode.Parse(claimBytes) : null;
        }
        catch (JsonException)
        {
            return SignatureCheck.Invalid("the JWT is malformed");
        }

        // The algorithm is the config's: a token naming another one (e.g. "none") is refused.
        var algorithm = options.Algorithm.ToString();
        if (header is not JsonObject headerObject || headerObject["alg"] is not JsonValue alg || !alg.TryGetValue<string>(out var algText) || algText != algorithm)
        {
            return SignatureCheck.Invalid($"the JWT is not signed with {algorithm}");
        }

        var key = Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var expected = options.Algorithm switch
        {
            JwtAlgorithm.HS384 => HMACSHA384.HashData(key, signed),
            JwtAlgorithm.HS512 => HMACSHA512.HashData(key, signed),
            _ => HMACSHA256.HashData(key, signed),
        };
        if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return SignatureCheck.Invalid("the JWT signature does not match");

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (claims is JsonObject claimObject)
        {
            if (NumericClaim(claimObject, "exp") is { } exp && now >= exp) return SignatureCheck.Invalid("the JWT has expired");
            if (NumericClaim(claimObject, "nbf") is { } nbf && now < nbf) return SignatureCheck.Invalid("the JWT is not valid yet");
        }

        return SignatureCheck.Valid;
    }

    private static long? NumericClaim(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<double>(out var number) ? (long)number : null;

    private static bool TryDecode(string text, SignatureEncoding encoding, out byte[] bytes)
    {
        bytes = [];
        try
        {
            switch (encoding)
            {
                case SignatureEncoding.Hex:
                    if (text.Length % 2 != 0) return false;
                    bytes = Convert.FromHexString(text);
                    return true;
                case SignatureEncoding.Base64:
                    var buffer = new byte[(text.Length * 3 / 4) + 3];
                    if (!Convert.TryFromBase64String(text, buffer, out var written)) return false;
                    bytes = buffer[..written];
                    return true;
                default:
                    bytes = Base64Url.DecodeFromChars(text.TrimEnd('='));
                    return true;
            }
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
