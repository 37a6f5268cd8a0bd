using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Serverless.Functions.Api.OpenApi;

/// <summary>Marks an endpoint as requiring <c>Authorization: Bearer &lt;api token&gt;</c>.</summary>
public sealed class RequiresApiTokenMetadata;

/// <summary>Declares the bearer scheme in the document and requires it on every endpoint marked with <see cref="RequiresApiTokenMetadata"/>.</summary>
internal sealed class ApiTokenSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "api_token";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Serverless integration platform API";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token of one environment.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresApiTokenMetadata>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}
