using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary><c>authorization: {format, config}</c> (SPEC §2.4). The format selects the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "format")]
[JsonDerivedType(typeof(BearerAuthorization), "bearer")]
[JsonDerivedType(typeof(BasicAuthorization), "basic")]
[JsonDerivedType(typeof(HeaderAuthorization), "header")]
public abstract record AuthorizationDefinition
{
    /// <summary>Sets the <c>format</c> discriminator of the derived type.</summary>
    protected AuthorizationDefinition(string format) => Format = format;

    /// <summary>The discriminator as written in the config.</summary>
    [JsonIgnore]
    public string Format { get; }
}

internal sealed record BearerAuthorization() : AuthorizationDefinition("bearer")
{
    public BearerAuthorizationOptions Config { get; init; } = new();
}

/// <summary>Templated <see cref="Token"/>; absent = the OAuth access token or <c>{{api_key}}</c>.</summary>
internal sealed record BearerAuthorizationOptions
{
    /// <summary>Truto's example also writes it as <c>value</c>.</summary>
    [ConfigAlias("value")]
    public string? Token { get; init; }
}

internal sealed record BasicAuthorization() : AuthorizationDefinition("basic")
{
    public BasicAuthorizationOptions Config { get; init; } = new();
}

internal sealed record BasicAuthorizationOptions
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}

internal sealed record HeaderAuthorization() : AuthorizationDefinition("header")
{
    public HeaderAuthorizationOptions Config { get; init; } = new();
}

/// <summary>Either templated <see cref="Headers"/> or a JSONata <see cref="Expression"/> (or both: headers first).</summary>
internal sealed record HeaderAuthorizationOptions
{
    public IReadOnlyDictionary<string, string?>? Headers { get; init; }

    /// <summary>JSONata over <c>{url, requestOptions, context}</c> returning <c>{url, requestOptions}</c>.</summary>
    public string? Expression { get; init; }
}
