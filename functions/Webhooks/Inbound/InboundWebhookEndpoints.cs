using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Webhooks.Inbound;
using Serverless.Functions.Api.Bodies;

namespace Serverless.Functions.Webhooks.Inbound;

/// <summary>
/// <c>POST /integrated-account-webhook/{id}</c> and <c>POST /environment-integration-webhook/{id}</c>
/// (SPEC §5): no bearer auth (vendors call them; the config's signature check authenticates), the API's
/// body size limit (413), text rules (400 for invalid UTF-8 or lone surrogates) and error envelope.
/// </summary>
internal static class InboundWebhookEndpoints
{
    /// <summary>The processor and its template and signature caches (it also needs the resolver, the JSONata cache and the event publisher).</summary>
    public static IServiceCollection AddInboundWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton<WebhookTemplates>();
        services.TryAddSingleton<WebhookSignatureVerifier>();
        services.TryAddSingleton<InboundWebhookProcessor>();
        return services;
    }

    public static IEndpointRouteBuilder MapInboundWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/integrated-account-webhook/{id:guid}", (HttpContext http, Guid id, RequestBodyReader reader, InboundWebhookProcessor processor) =>
            HandleAsync(http, reader, request => processor.HandleForAccountAsync(id, request, http.RequestAborted)))
            .WithTags("webhooks").ExcludeFromDescription();
        app.MapPost("/environment-integration-webhook/{id:guid}", (HttpContext http, Guid id, RequestBodyReader reader, InboundWebhookProcessor processor) =>
            HandleAsync(http, reader, request => processor.HandleForEnvironmentIntegrationAsync(id, request, http.RequestAborted)))
            .WithTags("webhooks").ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, RequestBodyReader reader, Func<InboundWebhookRequest, Task<InboundWebhookResponse>> handle)
    {
        var request = await ReadAsync(http.Request, reader);
        var response = await handle(request);

        foreach (var (name, value) in response.Headers)
        {
            if (!name.Equals("content-type", StringComparison.OrdinalIgnoreCase)) http.Response.Headers[name] = value;
        }

        var contentType = response.Headers.FirstOrDefault(pair => pair.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
        return response.Text is not null
            ? Results.Text(response.Text, contentType ?? "text/plain; charset=utf-8", statusCode: response.StatusCode)
            : Results.Content(response.Json?.ToJsonString() ?? "", contentType ?? "application/json", statusCode: response.StatusCode);
    }

    private static async Task<InboundWebhookRequest> ReadAsync(HttpRequest request, RequestBodyReader reader)
    {
        var body = await reader.ReadTextAsync(request);

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Headers) headers[name.ToLowerInvariant()] = values.ToString();
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query) query[name] = values.ToString();
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
        return new InboundWebhookRequest(request.Method, url, headers, query, body, request.ContentType);
    }
}
