using System.Text.Json.Nodes;

namespace Serverless.Core.Platform;

/// <summary>An isolated workspace of the team (dev, prod...).</summary>
public sealed record EnvironmentRecord(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An API token: only the SHA-256 of its value is stored. Tokens stored before scopes existed read as <see cref="ApiTokenScope.Environment"/>.</summary>
public sealed record ApiTokenRecord(
    Guid Id, string Name, Guid EnvironmentId, string TokenHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Scope = ApiTokenScope.Environment);

/// <summary>
/// A vendor API definition (team level). <see cref="Version"/> increases on every write. <see cref="Sharing"/>
/// is Truto's sharing policy (<see cref="IntegrationSharing"/>); records written before it existed read as <c>allow</c>.
/// </summary>
public sealed record IntegrationRecord(
    Guid Id, string Name, string Category, JsonObject Config, bool IsBeta, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Sharing = IntegrationSharing.Allow);

/// <summary>The sharing policies of an integration, as Truto names them.</summary>
public static class IntegrationSharing
{
    /// <summary>Sharing allowed: the default policy.</summary>
    public const string Allow = "allow";

    /// <summary>Every policy: <c>allow</c>, <c>ask</c> and <c>deny</c>.</summary>
    public static readonly IReadOnlyList<string> All = [Allow, "ask", "deny"];
}

/// <summary>An integration installed in one environment.</summary>
public sealed record EnvironmentIntegrationRecord(
    Guid Id, Guid EnvironmentId, Guid IntegrationId, JsonObject Override, JsonObject EnvironmentVariables,
    bool IsEnabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// One customer's connection to an environment integration. <see cref="Context"/> holds the
/// non-secret values only; the fields listed in <see cref="SecretFields"/> live in the secret store.
/// </summary>
public sealed record IntegratedAccountRecord(
    Guid Id, Guid EnvironmentId, Guid EnvironmentIntegrationId, Guid IntegrationId, string IntegrationName,
    string TenantId, string AuthenticationMethod, string Status, JsonObject Context, IReadOnlyList<string> SecretFields,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An outbound webhook subscription; its signing secret lives in the secret store.</summary>
public sealed record WebhookRecord(
    Guid Id, Guid EnvironmentId, string TargetUrl, IReadOnlyList<string> EventTypes, bool IsActive,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEnvironmentRecord<WebhookRecord>
{
    WebhookRecord IEnvironmentRecord<WebhookRecord>.WithUpdatedAt(DateTimeOffset updatedAt) => this with { UpdatedAt = updatedAt };
}
