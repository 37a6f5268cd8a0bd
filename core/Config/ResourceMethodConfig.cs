using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>One resource method (SPEC §2.3). Members left <c>null</c> fall back to the integration level.</summary>
public sealed record ResourceMethodConfig
{
    /// <summary>The HTTP method.</summary>
    public RequestMethod Method { get; init; } = RequestMethod.Get;

    /// <summary>Templated path (<c>/users/{{id}}</c>) or a full URL, which wins over <c>base_url</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>Overrides the integration's base URL.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Headers layered over the integration's.</summary>
    public JsonObject? Headers { get; init; }

    /// <summary>Query parameters layered over the integration's.</summary>
    public JsonObject? Query { get; init; }

    /// <summary>The body template.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>Overrides the integration's body encoding.</summary>
    public BodyFormat? BodyFormat { get; init; }

    /// <summary>Overrides the integration's encoding of array query values.</summary>
    public QueryArrayFormat? QueryArrayFormat { get; init; }

    /// <summary>Dotted path of the records inside the response body.</summary>
    public string? ResponsePath { get; init; }

    /// <summary>
    /// <c>null</c> when absent (use the integration's); <see cref="PaginationDefinition.Disabled"/> when
    /// the config says <c>"pagination": null</c>.
    /// </summary>
    [JsonConverter(typeof(NullablePaginationJsonConverter))]
    public PaginationDefinition? Pagination { get; init; }

    /// <summary>Overrides the integration's authorization.</summary>
    public AuthorizationDefinition? Authorization { get; init; }

    /// <summary>Skips authorization for this method.</summary>
    public bool NoAuth { get; init; }

    /// <summary>Replaces the integration-level <c>error_expression</c>.</summary>
    public string? ErrorExpression { get; init; }

    /// <summary>Overrides the integration's rate-limit detection.</summary>
    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>Sample payloads, as text (Truto shows them in docs and MCP tool descriptions).</summary>
    public ResourceMethodExamples? Examples { get; init; }
}

/// <summary>A method's <c>examples</c>: each a sample payload written as text.</summary>
public sealed record ResourceMethodExamples
{
    /// <summary>A sample response body.</summary>
    public string? Response { get; init; }

    /// <summary>A sample query.</summary>
    public string? Query { get; init; }

    /// <summary>A sample request body.</summary>
    public string? Body { get; init; }
}
