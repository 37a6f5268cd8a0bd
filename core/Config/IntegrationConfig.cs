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

    /// <summary>Scheme, host and base path of the vendor API; may hold placeholders.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Header name → templated value; a <c>null</c> value removes the header.</summary>
    public JsonObject? Headers { get; init; }

    /// <summary>Parameter name → templated value added to every request.</summary>
    public JsonObject? Query { get; init; }

    /// <summary>How array query values are written, unless a method says otherwise.</summary>
    public QueryArrayFormat? QueryArrayFormat { get; init; }

    /// <summary>How request bodies are encoded, unless a method says otherwise.</summary>
    public BodyFormat? BodyFormat { get; init; }

    /// <summary>Credential definitions keyed by format; a single <c>{format, config}</c> becomes a map of one.</summary>
    [JsonConverter(typeof(CredentialsJsonConverter))]
    public IReadOnlyDictionary<string, CredentialDefinition>? Credentials { get; init; }

    /// <summary>How requests are authorized, per credential format, unless a method says otherwise.</summary>
    public AuthorizationDefinition? Authorization { get; init; }

    /// <summary>How list methods paginate, unless a method says otherwise.</summary>
    public PaginationDefinition? Pagination { get; init; }

    /// <summary>How a rate-limited vendor response is recognised, unless a method says otherwise.</summary>
    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>JSONata over <c>{status, headers, data}</c> (SPEC §2.7).</summary>
    public string? ErrorExpression { get; init; }

    /// <summary>Vendor request timeout; the proxy's default applies when absent.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>Resource name → method name (list, get, create, update, delete or custom) → request.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ResourceMethodConfig>> Resources { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, ResourceMethodConfig>>();

    /// <summary>How the integration's inbound webhooks are verified and turned into events.</summary>
    public WebhookConfig? Webhook { get; init; }

    /// <summary>Action name → action; <see cref="ReservedActions"/> run at points of the account lifecycle.</summary>
    public IReadOnlyDictionary<string, ActionDefinition> Actions { get; init; } = new Dictionary<string, ActionDefinition>();

    /// <summary>Resource name (or <c>resource.method</c>) → tags, as Truto lists them with its MCP tools; stored and returned.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ToolTags { get; init; }
}
