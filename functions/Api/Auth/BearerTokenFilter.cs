using Microsoft.Net.Http.Headers;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> on the API's endpoints and records the caller
/// (token and environment) for the handlers. Tokens are looked up by their SHA-256.
/// </summary>
public sealed class BearerTokenFilter(ApiTokenRepository tokens) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? header = http.Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw Unauthorized(http, "missing bearer token: send Authorization: Bearer <api token>");
        }

        var caller = await tokens.AuthenticateAsync(header[Scheme.Length..].Trim(), http.RequestAborted)
            ?? throw Unauthorized(http, "invalid api token");
        http.Features.Set(caller);
        return await next(context);
    }

    private static ApiException Unauthorized(HttpContext http, string message)
    {
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return new ApiException(StatusCodes.Status401Unauthorized, message);
    }
}

/// <summary>Access to the authenticated caller inside API handlers.</summary>
public static class ApiCallerExtensions
{
    public static ApiCaller Caller(this HttpContext context) =>
        context.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("The endpoint is not behind BearerTokenFilter.");
}
