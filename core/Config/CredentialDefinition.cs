using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>One credential definition (SPEC §2.5). The format selects the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "format")]
[JsonDerivedType(typeof(ApiKeyCredentials), "api_key")]
[JsonDerivedType(typeof(OAuth2Credentials), "oauth2")]
[JsonDerivedType(typeof(OAuth2ClientCredentials), "oauth2_client_credentials")]
public abstract record CredentialDefinition
{
    /// <summary>Sets the <c>format</c> discriminator of the derived type.</summary>
    protected CredentialDefinition(string format) => Format = format;

    /// <summary>The discriminator as written in the config.</summary>
    [JsonIgnore]
    public string Format { get; }
}

internal sealed record ApiKeyCredentials() : CredentialDefinition("api_key")
{
    public ApiKeyCredentialOptions Config { get; init; } = new();
}

internal sealed record ApiKeyCredentialOptions
{
    public IReadOnlyList<CredentialField> Fields { get; init; } = [];
}

/// <summary>A value the account owner supplies; it lands in the account context under <see cref="Name"/>.</summary>
public sealed record CredentialField
{
    /// <summary>An identifier: lowercase letters, digits and '_', not starting with a digit or '_', not ending with '_'.</summary>
    public string Name { get; init; } = "";

    /// <summary>Display name of the field on the connect form.</summary>
    public string? Label { get; init; }

    /// <summary>The kind of input.</summary>
    public CredentialFieldType Type { get; init; } = CredentialFieldType.Text;

    /// <summary>Whether the owner must supply a value.</summary>
    public bool Required { get; init; }

    /// <summary>The value used when the owner supplies none.</summary>
    public string? Default { get; init; }

    /// <summary>A .NET regular expression the whole value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Guidance shown with the field.</summary>
    public string? HelpText { get; init; }

    /// <summary>Choices of a <c>single_select</c> field.</summary>
    public IReadOnlyList<CredentialFieldOption>? Options { get; init; }
}

/// <summary>One choice of a <c>single_select</c> credential field.</summary>
public sealed record CredentialFieldOption
{
    /// <summary>The value stored when chosen.</summary>
    public string Value { get; init; } = "";

    /// <summary>Display text of the choice.</summary>
    public string? Label { get; init; }
}

/// <summary>OAuth2 authorization code.</summary>
public sealed record OAuth2Credentials() : CredentialDefinition("oauth2")
{
    /// <summary>Client, endpoints and request options of the grant.</summary>
    public OAuth2CredentialOptions Config { get; init; } = new();
}

internal sealed record OAuth2ClientCredentials() : CredentialDefinition("oauth2_client_credentials")
{
    public OAuth2CredentialOptions Config { get; init; } = new();
}

/// <summary>The simple-oauth2 style options Truto uses; keys are camelCase in JSON, as there.</summary>
public sealed record OAuth2CredentialOptions
{
    /// <summary>The OAuth2 client (app) identity.</summary>
    public OAuth2ClientOptions Client { get; init; } = new();

    /// <summary>The vendor's endpoints.</summary>
    public OAuth2EndpointOptions Auth { get; init; } = new();

    /// <summary>How the token requests are shaped.</summary>
    public OAuth2RequestOptions Options { get; init; } = new();

    /// <summary>Scopes requested at authorization, joined with <see cref="OAuth2RequestOptions.ScopeSeparator"/>.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    /// <summary>
    /// Values the account owner supplies when connecting (a subdomain, or <c>client_id</c>/<c>client_secret</c>
    /// of their own app for a client-credentials grant, which then win over <see cref="Client"/>).
    /// </summary>
    public IReadOnlyList<CredentialField> Fields { get; init; } = [];

    /// <summary>Extra templated parameters of the code/client-credentials token request.</summary>
    [JsonPropertyName("tokenParams")]
    public JsonObject? TokenParams { get; init; }

    /// <summary>Extra templated parameters of the refresh request.</summary>
    [JsonPropertyName("refreshParams")]
    public JsonObject? RefreshParams { get; init; }

    /// <summary>Seconds a token lives when the token response has no <c>expires_in</c>.</summary>
    [JsonPropertyName("tokenExpiryDuration")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? TokenExpiryDuration { get; init; }

    /// <summary><c>tokenParams.grant_type = client_credentials</c>: an <c>oauth2</c> definition that gets its tokens like <c>oauth2_client_credentials</c>.</summary>
    [JsonIgnore]
    public bool UsesClientCredentialsGrant =>
        TokenParams?["grant_type"] is JsonValue grant && grant.TryGetValue<string>(out var text) && text == "client_credentials";
}

/// <summary>Identity of the OAuth2 client (the integration's app at the vendor).</summary>
public sealed record OAuth2ClientOptions
{
    /// <summary>Client id; may be a placeholder such as <c>{{environment_variables.client_id}}</c>.</summary>
    public string? Id { get; init; }

    /// <summary>Client secret; may be a placeholder like <see cref="Id"/>.</summary>
    public string? Secret { get; init; }
}

/// <summary>The vendor's authorization and token endpoints.</summary>
public sealed record OAuth2EndpointOptions
{
    /// <summary>Scheme and host of the token endpoint.</summary>
    [JsonPropertyName("tokenHost")]
    public string? TokenHost { get; init; }

    /// <summary>Path of the token endpoint on <see cref="TokenHost"/>.</summary>
    [JsonPropertyName("tokenPath")]
    public string TokenPath { get; init; } = "/oauth/token";

    /// <summary>Defaults to <see cref="TokenHost"/>.</summary>
    [JsonPropertyName("authorizeHost")]
    public string? AuthorizeHost { get; init; }

    /// <summary>Path of the authorization page on <see cref="AuthorizeHost"/>.</summary>
    [JsonPropertyName("authorizePath")]
    public string AuthorizePath { get; init; } = "/oauth/authorize";

    /// <summary>Defaults to <see cref="TokenPath"/>.</summary>
    [JsonPropertyName("refreshPath")]
    public string? RefreshPath { get; init; }
}

/// <summary>How token and authorization requests are shaped.</summary>
public sealed record OAuth2RequestOptions
{
    /// <summary>What joins the scopes in the <c>scope</c> parameter.</summary>
    [JsonPropertyName("scopeSeparator")]
    public string ScopeSeparator { get; init; } = " ";

    /// <summary>Where the client credentials go in token requests.</summary>
    [JsonPropertyName("authorizationMethod")]
    public OAuth2AuthorizationMethod AuthorizationMethod { get; init; } = OAuth2AuthorizationMethod.Header;

    /// <summary>How token request bodies are encoded.</summary>
    [JsonPropertyName("bodyFormat")]
    public OAuth2BodyFormat BodyFormat { get; init; } = OAuth2BodyFormat.Form;
}
