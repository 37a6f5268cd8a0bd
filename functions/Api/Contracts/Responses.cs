using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Contracts;

/// <summary>The list envelope of every collection.</summary>
internal sealed record ListResponse<T>(IReadOnlyList<T> Result, string? NextCursor, int Limit);

internal sealed record DeletedResponse(Guid Id);

internal sealed record EnvironmentResponse(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EnvironmentResponse From(EnvironmentRecord r) => new(r.Id, r.Name, r.CreatedAt, r.UpdatedAt);
}

/// <param name="Scope"><c>admin</c> or <c>environment</c> (see <see cref="ApiTokenScope"/>).</param>
internal sealed record ApiTokenResponse(Guid Id, string Name, Guid EnvironmentId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ApiTokenResponse From(ApiTokenRecord r) => new(r.Id, r.Name, r.EnvironmentId, r.Scope, r.CreatedAt, r.UpdatedAt);
}

/// <summary>Only the answer to POST carries the token value.</summary>
internal sealed record CreatedApiTokenResponse(Guid Id, string Name, Guid EnvironmentId, string Scope, string Token, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Truto's integration record: <see cref="InstalledEnvironment"/> lists the environments it is installed in, <see cref="TeamId"/> the owning team.</summary>
internal sealed record IntegrationResponse(
    Guid Id, string Name, string Category, JsonObject Config, bool IsBeta, string Sharing, Guid TeamId, IReadOnlyList<Guid> InstalledEnvironment,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Literal secrets in the config (client secret, tokens, passwords) are masked.</summary>
    public static IntegrationResponse From(IntegrationRecord r, Guid teamId, IReadOnlyList<Guid> installedEnvironment) =>
        new(r.Id, r.Name, r.Category, IntegrationConfigSecrets.MaskSecrets(r.Config), r.IsBeta, r.Sharing, teamId, installedEnvironment,
            r.Version, r.CreatedAt, r.UpdatedAt);
}

internal sealed record EnvironmentIntegrationResponse(
    Guid Id, Guid EnvironmentId, Guid IntegrationId, JsonObject Override, JsonObject EnvironmentVariables, bool IsEnabled,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <param name="secretVariables">The environment variables that hold secrets (<see cref="IntegrationConfigSecrets.SecretVariables"/>): shown masked.</param>
    public static EnvironmentIntegrationResponse From(EnvironmentIntegrationRecord r, IReadOnlySet<string> secretVariables) =>
        new(r.Id, r.EnvironmentId, r.IntegrationId, IntegrationConfigSecrets.MaskSecrets(r.Override),
            IntegrationConfigSecrets.MaskVariables(r.EnvironmentVariables, secretVariables), r.IsEnabled, r.CreatedAt, r.UpdatedAt);
}

/// <summary>An account as the API shows it: secret context fields masked.</summary>
internal sealed record IntegratedAccountResponse(
    Guid Id, Guid EnvironmentId, Guid EnvironmentIntegrationId, string IntegrationName, string TenantId, string AuthenticationMethod,
    string Status, JsonObject Context, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Mask = "********";

    public static IntegratedAccountResponse From(IntegratedAccountRecord r)
    {
        var context = (JsonObject)r.Context.DeepClone();
        foreach (var field in r.SecretFields)
        {
            context[field] = Mask;
        }

        return new(r.Id, r.EnvironmentId, r.EnvironmentIntegrationId, r.IntegrationName, r.TenantId, r.AuthenticationMethod, r.Status, context, r.CreatedAt, r.UpdatedAt);
    }
}

internal sealed record WebhookResponse(Guid Id, Guid EnvironmentId, string TargetUrl, IReadOnlyList<string> EventTypes, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookResponse From(WebhookRecord r) => new(r.Id, r.EnvironmentId, r.TargetUrl, r.EventTypes, r.IsActive, r.CreatedAt, r.UpdatedAt);
}

/// <summary>Only the answer to POST carries the signing secret.</summary>
internal sealed record CreatedWebhookResponse(
    Guid Id, Guid EnvironmentId, string TargetUrl, IReadOnlyList<string> EventTypes, bool IsActive, string Secret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A link token and the connect URL that starts the OAuth flow with it (<c>POST /link-token</c>).</summary>
internal sealed record LinkTokenResponse(string LinkToken, string Url);
