using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// Answers a refused API token request in the error envelope: 401 with <c>WWW-Authenticate: Bearer</c>
/// and why the token was not accepted, or 403 naming what the token's scope does not allow.
/// Endpoints that do not require an API token keep ASP.NET Core's default handling.
/// </summary>
internal sealed class ApiTokenAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _defaultHandler = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiTokenMetadata>() is null)
        {
            await _defaultHandler.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "this API token may not do this";
            await ErrorEnvelope.WriteAsync(context.Response, StatusCodes.Status403Forbidden, reason);
            return;
        }

        // The scheme's result is cached for the request: this does not look the token up again.
        var authentication = await context.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName);
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        await ErrorEnvelope.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, authentication.Failure?.Message ?? ApiTokenAuthenticationHandler.MissingToken);
    }
}
