using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// The <c>ApiToken</c> authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c> on endpoints marked
/// with <see cref="RequiresApiTokenMetadata"/>, looked up by its SHA-256. On success the caller (token,
/// environment, scope) is also set as the <see cref="ApiCaller"/> feature the handlers read.
/// Other endpoints (health, inbound webhooks, the OAuth callback) are not looked at, whatever they carry.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenRepository tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string MissingToken = "missing bearer token: send Authorization: Bearer <api token>";
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiTokenMetadata>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || header.Length == Bearer.Length)
        {
            return AuthenticateResult.Fail(MissingToken);
        }

        var caller = await tokens.AuthenticateAsync(header[Bearer.Length..].Trim(), Context.RequestAborted);
        if (caller is null)
        {
            return AuthenticateResult.Fail("invalid api token");
        }

        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, caller.TokenId.ToString("D", CultureInfo.InvariantCulture)),
                new Claim("environment_id", caller.EnvironmentId.ToString("D", CultureInfo.InvariantCulture)),
                new Claim("scope", caller.Scope),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
