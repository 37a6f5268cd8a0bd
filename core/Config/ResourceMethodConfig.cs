using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>One resource method (SPEC §2.3). Members left <c>null</c> fall back to the integration level.</summary>
public sealed record ResourceMethodConfig
{
    public RequestMethod Method { get; init; } = RequestMethod.Get;

    /// <summary>Templated path (<c>/users/{{id}}</c>) or a full URL, which wins over <c>base_url</c>.</summary>
    public string Path { get; init; } = "";

    public string? BaseUrl { get; init; }

    public JsonObject? Headers { get; init; }

    public JsonObject? Query { get; init; }

    public JsonNode? Body { get; init; }

    public BodyFormat? BodyFormat { get; init; }

    public QueryArrayFormat? QueryArrayFormat { get; init; }

    /// <summary>Dotted path of the records inside the response body.</summary>
    public string? ResponsePath { get; init; }

    /// <summary>
    /// <c>null</c> when absent (use the integration's); <see cref="PaginationDefinition.Disabled"/> when
    /// the config says <c>"pagination": null</c>.
    /// </summary>
    [JsonConverter(typeof(NullablePaginationJsonConverter))]
    public PaginationDefinition? Pagination { get; init; }

    public AuthorizationDefinition? Authorization { get; init; }

    /// <summary>Skips authorization for this method.</summary>
    public bool NoAuth { get; init; }

    /// <summary>Replaces the integration-level <c>error_expression</c>.</summary>
    public string? ErrorExpression { get; init; }

    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>Sample payloads, as text (Truto shows them in docs and MCP tool descriptions).</summary>
    public ResourceMethodExamples? Examples { get; init; }
}

/// <summary>A method's <c>examples</c>: each a sample payload written as text.</summary>
public sealed record ResourceMethodExamples
{
    public string? Response { get; init; }

    public string? Query { get; init; }

    public string? Body { get; init; }
}
