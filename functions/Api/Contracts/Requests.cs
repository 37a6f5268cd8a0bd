using System.Text.Json.Nodes;

namespace Serverless.Functions.Api.Contracts;

// Request bodies. Each record is the whole definition of its body: RequestBodyReader rejects
// unknown fields, wrong types and missing `required` members from it, and OpenAPI describes it.

internal sealed record CreateEnvironmentRequest
{
    public required string Name { get; init; }
}

internal sealed record UpdateEnvironmentRequest
{
    public string? Name { get; init; }
}

internal sealed record CreateApiTokenRequest
{
    public required string Name { get; init; }

    /// <summary>Defaults to the caller's environment; another environment needs an <c>admin</c> token.</summary>
    public Guid? EnvironmentId { get; init; }

    /// <summary><c>environment</c> (the default) or <c>admin</c>, which only an <c>admin</c> token may create.</summary>
    public string? Scope { get; init; }
}

internal sealed record CreateIntegrationRequest
{
    public required string Name { get; init; }

    public string? Category { get; init; }

    public required JsonObject Config { get; init; }

    public bool? IsBeta { get; init; }

    /// <summary>Truto's sharing policy: <c>allow</c> (default), <c>ask</c> or <c>deny</c>.</summary>
    public string? Sharing { get; init; }
}

internal sealed record UpdateIntegrationRequest
{
    public string? Name { get; init; }

    public string? Category { get; init; }

    /// <summary>Deep-merged into the stored config; a <c>null</c> value removes that key.</summary>
    public JsonObject? Config { get; init; }

    public bool? IsBeta { get; init; }

    public string? Sharing { get; init; }

    /// <summary>The version the change is based on; a stale one answers 409.</summary>
    public long? Version { get; init; }
}

internal sealed record CreateEnvironmentIntegrationRequest
{
    public required Guid IntegrationId { get; init; }

    public JsonObject? Override { get; init; }

    public JsonObject? EnvironmentVariables { get; init; }

    public bool? IsEnabled { get; init; }
}

internal sealed record UpdateEnvironmentIntegrationRequest
{
    /// <summary>Deep-merged into the stored override; a <c>null</c> value removes that key.</summary>
    public JsonObject? Override { get; init; }

    /// <summary>Deep-merged into the stored variables; a <c>null</c> value removes that key.</summary>
    public JsonObject? EnvironmentVariables { get; init; }

    public bool? IsEnabled { get; init; }
}

internal sealed record CreateIntegratedAccountRequest
{
    /// <summary>The integration, installed in the caller's environment (or give <see cref="EnvironmentIntegrationId"/>).</summary>
    public string? IntegrationName { get; init; }

    public Guid? EnvironmentIntegrationId { get; init; }

    public required string TenantId { get; init; }

    public JsonObject? Context { get; init; }

    /// <summary>The credential format (e.g. <c>api_key</c>); optional when the integration has only one.</summary>
    public string? AuthenticationMethod { get; init; }
}

internal sealed record UpdateIntegratedAccountRequest
{
    public string? TenantId { get; init; }

    /// <summary>Deep-merged into the context; <c>null</c> removes a key, <c>"********"</c> keeps a secret as it is.</summary>
    public JsonObject? Context { get; init; }
}

/// <summary><c>POST /link-token</c>: starts the OAuth2 connect flow of an integration installed in the caller's environment.</summary>
internal sealed record CreateLinkTokenRequest
{
    public required string TenantId { get; init; }

    public required string IntegrationName { get; init; }

    /// <summary>Where the browser goes after the callback, with <c>integrated_account_id</c>; an absolute http(s) URL.</summary>
    public string? RedirectUri { get; init; }
}

internal sealed record CreateWebhookRequest
{
    public required string TargetUrl { get; init; }

    /// <summary>The event types delivered; absent or empty means all.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    public bool? IsActive { get; init; }
}

internal sealed record UpdateWebhookRequest
{
    public string? TargetUrl { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }

    public bool? IsActive { get; init; }
}

/// <summary>The answers to an integration's <c>post_connect_user_form</c>: field name → value.</summary>
internal sealed record PostConnectFormRequest
{
    public required JsonObject Values { get; init; }
}
