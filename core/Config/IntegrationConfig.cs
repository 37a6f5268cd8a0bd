using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>
/// The typed integration config (SPEC §2). Built by <see cref="IntegrationConfigReader"/>, only from a document that
/// passed <see cref="IntegrationConfigValidator"/>. Template-bearing members (headers, query, body) are kept as JSON so
/// that <see cref="Templating.JsonTemplate"/> can compile them; treat them as read-only.
/// </summary>
public sealed record IntegrationConfig
{
    /// <summary>Display name (Truto's dashboard and Link UI); stored and returned.</summary>
    public string? Label { get; init; }

    /// <summary>URL of the square logo.</summary>
    public string? Logo { get; init; }

    /// <summary>URL of the small monochrome icon.</summary>
    public string? Icon { get; init; }

    public string? BaseUrl { get; init; }

    /// <summary>Header name → templated value; a <c>null</c> value removes the header.</summary>
    public JsonObject? Headers { get; init; }

    public JsonObject? Query { get; init; }

    public QueryArrayFormat? QueryArrayFormat { get; init; }

    public BodyFormat? BodyFormat { get; init; }

    /// <summary>Credential definitions keyed by format; a single <c>{format, config}</c> becomes a map of one.</summary>
    [JsonConverter(typeof(CredentialsJsonConverter))]
    public IReadOnlyDictionary<string, CredentialDefinition>? Credentials { get; init; }

    public AuthorizationDefinition? Authorization { get; init; }

    public PaginationDefinition? Pagination { get; init; }

    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>JSONata over <c>{status, headers, data}</c> (SPEC §2.7).</summary>
    public string? ErrorExpression { get; init; }

    /// <summary>Vendor request timeout; the proxy's default applies when absent.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>Resource name → method name (list, get, create, update, delete or custom) → request.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResourceMethodConfig>> Resources { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, ResourceMethodConfig>>();

    public WebhookConfig? Webhook { get; init; }

    /// <summary>Action name → action; <see cref="ReservedActions"/> run at points of the account lifecycle.</summary>
    public IReadOnlyDictionary<string, ActionDefinition> Actions { get; init; } = new Dictionary<string, ActionDefinition>();

    /// <summary>Resource name (or <c>resource.method</c>) → tags, as Truto lists them with its MCP tools; stored and returned.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ToolTags { get; init; }
}
