using Microsoft.Net.Http.Headers;
using Serverless.Core.Platform;
using Serverless.Functions.Api.Errors;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// API token authentication, the failed-authentication limit and scope authorization, in one step in front of the
/// endpoints marked with <see cref="RequiresApiTokenMetadata"/> (other endpoints — health, inbound webhooks, the OAuth
/// callback — are not looked at, whatever they carry):
/// <list type="number">
/// <item><c>Authorization: Bearer &lt;token&gt;</c>, looked up by its SHA-256; without a valid one, 401 with
/// <c>WWW-Authenticate: Bearer</c> and why, counted against the client's failure limit (429 with <c>Retry-After</c> past it,
/// <see cref="FailedAuthenticationLimiter"/>); valid tokens are never counted or limited.</item>
/// <item>The token's scope against the endpoint's (<see cref="ApiScopeMetadata"/>): 403 naming what it may not do.</item>
/// <item>The caller (token, environment, scope) set as the <see cref="ApiCaller"/> feature the handlers read.</item>
/// </list>
/// One middleware rather than ASP.NET Core's authentication, rate limiter and authorization in a row: no claims
/// principal, policy evaluation or limiter lease on every call (docs/performance.md, "The proxy").
/// </summary>
internal sealed class ApiTokenMiddleware(RequestDelegate next, ApiTokenRepository tokens, FailedAuthenticationLimiter limiter)
{
    public const string MissingToken = "missing bearer token: send Authorization: Bearer <api token>";
    private const string Bearer = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        return metadata?.GetMetadata<RequiresApiTokenMetadata>() is null ? next(context) : AuthorizeAsync(context, metadata);
    }

    private async Task AuthorizeAsync(HttpContext context, EndpointMetadataCollection metadata)
    {
        string? header = context.Request.Headers.Authorization;
        var hasToken = header is not null && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header.Length > Bearer.Length;
        var caller = hasToken ? await tokens.AuthenticateAsync(header![Bearer.Length..].Trim(), context.RequestAborted) : null;
        if (caller is null)
        {
            await RefuseAsync(context, hasToken ? "invalid api token" : MissingToken);
            return;
        }

        var required = ApiScopeMetadata.Required(metadata.GetMetadata<ApiScopeMetadata>(), context.Request.Method);
        if (!caller.IsAdmin && required != ApiTokenScope.Environment)
        {
            await ErrorEnvelope.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                ApiScopeMetadata.Denied($"{context.Request.Method} {context.Request.Path} (a team-level change)"));
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }

    private async Task RefuseAsync(HttpContext context, string reason)
    {
        var response = context.Response;
        response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        if (limiter.TryCountFailure(context.Connection.RemoteIpAddress) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ErrorEnvelope.WriteAsync(response, StatusCodes.Status429TooManyRequests,
                $"too many failed authentications from this client; retry after {seconds} s with a valid API token");
            return;
        }

        await ErrorEnvelope.WriteAsync(response, StatusCodes.Status401Unauthorized, reason);
    }
}
