using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.OpenApi;

/// <summary>What the OpenAPI document says of an endpoint: its operation id and summary, and the error answers it gives.</summary>
internal static class OperationConventions
{
    /// <summary>The operation's id (the endpoint's name) and one-line summary.</summary>
    public static TBuilder Describe<TBuilder>(this TBuilder builder, string operationId, string summary) where TBuilder : IEndpointConventionBuilder =>
        builder.WithName(operationId).WithSummary(summary);

    /// <summary>The error answers the endpoints may give, each with the error envelope as its body.</summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ErrorEnvelope), ["application/json"]));
        }

        return builder;
    }
}
