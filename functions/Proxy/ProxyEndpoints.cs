using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Core.Platform;
using Serverless.Core.Proxy;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Errors;
using Serverless.Core.Errors;

namespace Serverless.Functions.Proxy;

/// <summary>
/// <c>/proxy/{resource}[/{segment}]?integrated_account_id=</c> (SPEC §3): resolves the account, its
/// installation and the merged compiled config, runs the resource method through <see cref="ProxyEngine"/>
/// and answers the list envelope or the vendor body, with normalised rate-limit headers.
/// </summary>
internal static class ProxyEndpoints
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void Map(RouteGroupBuilder proxy)
    {
        proxy.MapMethods("/{resource}", Methods, (HttpContext http, string resource, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, null));
        proxy.MapMethods("/{resource}/{segment}", Methods, (HttpContext http, string resource, string segment, ProxyRequestHandler handler) => handler.HandleAsync(http, resource, segment));
    }
}

/// <summary>The work behind one <c>/proxy</c> request.</summary>
internal sealed class ProxyRequestHandler(
    IntegratedAccountRepository accounts, EnvironmentIntegrationRepository installs, IntegrationRepository integrations,
    CompiledIntegrationCache compiled, ProxyEngine engine, RequestBodyReader reader)
{
    public async Task<IResult> HandleAsync(HttpContext http, string resource, string? segment)
    {
        var ct = http.RequestAborted;
        var query = http.Request.Query;
        if (!Guid.TryParse(query["integrated_account_id"], out var accountId))
        {
            throw ApiException.BadRequest("$.integrated_account_id: required query parameter, an integrated account id (UUID)");
        }
        int? limit = null;
        if (query["limit"].ToString() is { Length: > 0 } limitText)
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw ApiException.BadRequest("$.limit: must be a positive integer");
        }

        var environmentId = http.Caller().EnvironmentId;
        var account = (await accounts.GetAsync(environmentId, accountId, ct))?.Value ?? throw ApiException.NotFound("integrated account", accountId);
        if (account.Status == ProxyAccount.NeedsReauth)
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, $"integrated account {accountId} needs to be re-authorized (status needs_reauth)");
        }
        if (account.Status != "active")
        {
            throw ApiException.Conflict($"integrated account {accountId} is not active (status {account.Status})");
        }
        var install = (await installs.GetAsync(environmentId, account.EnvironmentIntegrationId, ct))?.Value
            ?? throw ApiException.NotFound("environment integration", account.EnvironmentIntegrationId);
        var integration = (await integrations.GetAsync(install.IntegrationId, ct))?.Value ?? throw ApiException.NotFound("integration", install.IntegrationId);

        var stamp = string.Create(CultureInfo.InvariantCulture, $"{integration.Version}/{integration.UpdatedAt.UtcTicks}/{install.UpdatedAt.UtcTicks}");
        var config = compiled.Get(install.Id, stamp, integration.Config, install.Override);

        var route = ProxyRoute.Resolve(http.Request.Method, segment, name => config.HasCustomMethod(resource, name))
            ?? throw new ApiException(StatusCodes.Status405MethodNotAllowed, $"{http.Request.Method} /proxy/{resource}{(segment is null ? "" : "/{id}")} maps to no resource method");
        var body = await reader.ReadPayloadAsync(http.Request);
        var context = await accounts.ReadContextWithSecretsAsync(account, ct);
        var call = new ProxyCall(
            config,
            new ProxyAccount(account.Id, account.Status, account.AuthenticationMethod, context, install.EnvironmentVariables),
            resource, route.Method, route.Id,
            PlatformQueryParameters.Forwarded(query.Select(pair => new KeyValuePair<string, string[]>(pair.Key, pair.Value.Where(v => v is not null).ToArray()!))),
            body, limit, query["next_cursor"].ToString() is { Length: > 0 } cursor ? cursor : null);

        var result = await engine.ExecuteAsync(call, ct);
        foreach (var (name, value) in result.Headers) http.Response.Headers[name] = value;
        return Results.Content(result.Body?.ToJsonString() ?? "null", "application/json", statusCode: result.StatusCode);
    }
}
