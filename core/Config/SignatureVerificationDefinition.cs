using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary><c>webhook.signature_verification: {format, config}</c> (SPEC §5 step 4).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "format")]
[JsonDerivedType(typeof(HmacSignatureVerification), "hmac")]
[JsonDerivedType(typeof(BasicSignatureVerification), "basic")]
[JsonDerivedType(typeof(BearerSignatureVerification), "bearer")]
[JsonDerivedType(typeof(JwtSignatureVerification), "jwt")]
public abstract record SignatureVerificationDefinition
{
    /// <summary>Sets the <c>format</c> discriminator of the derived type.</summary>
    protected SignatureVerificationDefinition(string format) => Format = format;

    /// <summary>The discriminator as written in the config.</summary>
    [JsonIgnore]
    public string Format { get; }
}

internal sealed record HmacSignatureVerification() : SignatureVerificationDefinition("hmac")
{
    public HmacSignatureOptions Config { get; init; } = new();
}

/// <summary>
/// The signed text is <see cref="VerificationContent"/> (templated strings, concatenated) or the payload
/// context fields named in <see cref="Parts"/> (concatenated). <see cref="CompareWith"/> is a template
/// giving the received signature, from which <see cref="Prefix"/> is stripped.
/// </summary>
internal sealed record HmacSignatureOptions
{
    public string Secret { get; init; } = "";

    public HmacAlgorithm Algorithm { get; init; } = HmacAlgorithm.Sha256;

    public SignatureEncoding StringType { get; init; } = SignatureEncoding.Hex;

    /// <summary>Template of the received signature, e.g. <c>{{headers.x-hub-signature-256}}</c>.</summary>
    public string CompareWith { get; init; } = "";

    /// <summary>Payload-context fields (dotted paths), e.g. <c>["timestamp", "raw_body"]</c>; an item with placeholders is a template.</summary>
    public IReadOnlyList<string>? Parts { get; init; }

    public IReadOnlyList<string>? VerificationContent { get; init; }

    /// <summary>Stripped from the received signature before comparing, e.g. <c>sha256=</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>Template of the request's timestamp (unix seconds or ISO 8601), checked against <see cref="TimestampToleranceSeconds"/> (default 300).</summary>
    public string? Timestamp { get; init; }

    public int? TimestampToleranceSeconds { get; init; }
}

internal sealed record BasicSignatureVerification() : SignatureVerificationDefinition("basic")
{
    public BasicSignatureOptions Config { get; init; } = new();
}

/// <summary>base64(<see cref="Username"/>:<see cref="Password"/>) against the second word of <see cref="CompareWith"/>.</summary>
internal sealed record BasicSignatureOptions
{
    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary>Template of the full <c>Authorization</c> value; default <c>{{headers.authorization}}</c>.</summary>
    public string? CompareWith { get; init; }
}

internal sealed record BearerSignatureVerification() : SignatureVerificationDefinition("bearer")
{
    public BearerSignatureOptions Config { get; init; } = new();
}

/// <summary><see cref="Secret"/> against the second word of <see cref="CompareWith"/> (the whole value when it is one word).</summary>
internal sealed record BearerSignatureOptions
{
    /// <summary>The expected token; the project's first configs called it <c>token</c>.</summary>
    [ConfigAlias("token")]
    public string Secret { get; init; } = "";

    /// <summary>
    /// Template of the received value: the full <c>Authorization</c> value (the default, <c>{{headers.authorization}}</c>)
    /// or a bare token such as Microsoft Graph's <c>{{body.value.0.clientState}}</c>.
    /// </summary>
    public string? CompareWith { get; init; }
}

internal sealed record JwtSignatureVerification() : SignatureVerificationDefinition("jwt")
{
    public JwtSignatureOptions Config { get; init; } = new();
}

internal sealed record JwtSignatureOptions
{
    public string Secret { get; init; } = "";

    public JwtAlgorithm Algorithm { get; init; } = JwtAlgorithm.HS256;

    /// <summary>Template of the received JWT (its second word when it reads <c>Bearer &lt;jwt&gt;</c>); default <c>{{headers.authorization}}</c>. Also read as <c>token</c>.</summary>
    [ConfigAlias("token")]
    public string? CompareWith { get; init; }
}
