using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Auth;

namespace Serverless.Functions.Api.OpenApi;

/// <summary>
/// Declares the bearer scheme and its scopes in the document, and on every endpoint marked with
/// <see cref="RequiresApiTokenMetadata"/> requires it and states the scope it needs
/// (<c>x-required-scope</c> and a sentence in the description), from the same metadata the authorization reads.
/// Every other operation says that it needs no token (an empty requirement), so that none is left undeclared.
/// </summary>
internal sealed class ApiTokenSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "api_token";
    public const string ScopeExtension = "x-required-scope";

    /// <summary>The document's tags, one per capability (the endpoints' <c>WithTags</c>).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["health"] = "Whether the platform answers.",
        ["environment"] = "Isolated workspaces of the team (dev, prod...).",
        ["api-token"] = "Bearer tokens: each belongs to one environment and has a scope (admin or environment).",
        ["integration"] = "Vendor API definitions (integration configs), team-wide.",
        ["environment-integration"] = "Integrations installed in an environment, with an override and environment variables.",
        ["integrated-account"] = "Customers' connections to an installed integration: credentials, context, lifecycle.",
        ["connect"] = "The OAuth2 authorization-code flow that creates integrated accounts.",
        ["proxy"] = "Calls to the vendor through an integration's resource methods, and custom actions.",
        ["webhook"] = "Outbound webhook subscriptions to the platform's events, and their deliveries.",
        ["sync-job"] = "Definitions of whole-resource syncs: resources in order, dependencies, arguments.",
        ["sync-job-run"] = "Runs of sync jobs for an account, delivering records page by page to a webhook.",
        ["workflow"] = "Workflows: sync job runs started by events, or scheduled by cron for the event's account.",
        ["workflow-run"] = "Runs of workflows, one per workflow and event, with each step's result or error.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Serverless integration platform API";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token of one environment, with a scope. `admin` (the team): may create and change integrations and "
                + "environments, and list, create or delete tokens of any environment (including admin tokens). `environment` (the default): "
                + "reads team-level objects (integrations, environments) and reads and writes only its own environment's objects "
                + "(environment integrations, integrated accounts, webhooks, link tokens, the proxy, its own environment-scoped tokens); "
                + "anything else answers 403. Each operation names the scope it needs in `x-required-scope`. "
                + "Too many failed authentications from one client answer 429 with Retry-After.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<RequiresApiTokenMetadata>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        var scope = ApiScopeMetadata.Required(metadata.OfType<ApiScopeMetadata>().LastOrDefault(), context.Description.HttpMethod ?? "GET");
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[ScopeExtension] = new JsonNodeExtension(JsonValue.Create(scope));
        var sentence = scope == ApiTokenScope.Admin
            ? "Needs an `admin` API token (a team-level change)."
            : "Any API token (`environment` or `admin`); it acts on the token's own environment.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? sentence : $"{operation.Description}\n\n{sentence}";
        return Task.CompletedTask;
    }
}
