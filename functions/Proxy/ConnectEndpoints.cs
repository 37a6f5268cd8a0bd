using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Json;
using Serverless.Core.Platform;
using Serverless.Core.Proxy;
using Serverless.Core.Storage;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.Bodies;
using Serverless.Functions.Api.Contracts;
using Serverless.Functions.Api.Endpoints;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Proxy;

/// <summary>
/// OAuth2 authorization code (SPEC §4): <c>POST /link-token</c> (API token) → <c>GET /connect/{integration}?link_token=</c>
/// redirects to the vendor with a signed, expiring, single-use <c>state</c> and a PKCE challenge →
/// <c>GET /connect/callback?code&amp;state</c> exchanges the code, creates the account and redirects to
/// <c>redirect_uri</c> with <c>integrated_account_id</c> (or answers a small result page, HTML for browsers, JSON otherwise).
/// </summary>
internal static class ConnectEndpoints
{
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/link-token", CreateLinkAsync).RequireApiToken().AllowEnvironmentScope().WithTags("connect")
            .Accepts<CreateLinkTokenRequest>("application/json").Produces<LinkTokenResponse>(StatusCodes.Status201Created)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .Describe("createLinkToken", "Create a link token that starts the OAuth connect flow");
        // The customer's browser calls these two: the signed link token and state authenticate them.
        app.MapGet("/connect/callback", CallbackAsync).WithTags("connect")
            .Produces(StatusCodes.Status302Found).Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status502BadGateway)
            .Describe("completeConnect", "Finish the OAuth connect flow (the vendor's redirect)");
        app.MapGet("/connect/{integration}", StartAsync).WithTags("connect").Produces(StatusCodes.Status302Found)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .Describe("startConnect", "Start the OAuth connect flow (redirects to the vendor)");
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    /// <summary>
    /// Through the strict body reader (content type, size, text, unknown fields), and only for an
    /// integration installed and enabled in the caller's environment with OAuth2 credentials: a link for
    /// anything else could only fail later, in the customer's browser.
    /// </summary>
    private static async Task<IResult> CreateLinkAsync(
        HttpContext http, RequestBodyReader reader, ConnectSigningKey key, IntegrationResolver resolver,
        CancellationToken ct)
    {
        var body = (await reader.ReadAsync<CreateLinkTokenRequest>(http.Request)).Value;
        var tenant = body.TenantId.Trim();
        var integration = body.IntegrationName.Trim();
        var redirect = body.RedirectUri ?? "";
        var errors = new List<ValidationError>();
        if (tenant.Length == 0) errors.Add(new ValidationError("$.tenant_id", "must not be empty"));
        if (integration.Length == 0) errors.Add(new ValidationError("$.integration_name", "must not be empty"));
        if (redirect.Length > 0 && !(Uri.TryCreate(redirect, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(new ValidationError("$.redirect_uri", "must be an absolute http(s) URL"));
        }
        Require.Valid(errors);

        var (install, _, config) = await resolver.ResolveInstallationAsync(http.Caller().EnvironmentId, integration, ct);
        if (!install.IsEnabled) throw ApiException.Conflict($"environment integration {install.Id} is disabled");
        _ = OAuthOptions(config.Model); // 400 without oauth2 credentials
        var tokens = await key.GetAsync(ct);
        var link = tokens.Create(new JsonObject
        {
            ["typ"] = "link",
            ["env"] = http.Caller().EnvironmentId.ToString("D"),
            ["tenant"] = tenant,
            ["integration"] = integration,
            ["redirect"] = redirect.Length == 0 ? null : redirect,
        }, LinkLifetime);
        var url = $"{http.Request.Scheme}://{http.Request.Host}/connect/{Uri.EscapeDataString(integration)}?link_token={link}";
        return Results.Json(new LinkTokenResponse(link, url), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> StartAsync(
        HttpContext http, string integration, ConnectSigningKey key, IntegrationResolver resolver,
        ISecretStore secrets, CancellationToken ct)
    {
        var tokens = await key.GetAsync(ct);
        var link = tokens.Read(http.Request.Query["link_token"]);
        if (link is null || Text(link["typ"]) != "link" || Text(link["integration"]) != integration)
        {
            throw ApiException.BadRequest("$.link_token: missing, invalid or expired");
        }
        var (install, _, config) = await resolver.ResolveInstallationAsync(Guid.Parse(Text(link["env"])), integration, ct);
        var (options, _) = OAuthOptions(config.Model);
        var scope = ProxyTemplateScope.Create([], install.EnvironmentVariables, null, null, null, null);
        var client = OAuthClientSettings.From(options, scope);

        var verifier = Pkce.NewVerifier();
        var stateId = Guid.NewGuid().ToString("N");
        await secrets.SetAsync("connect-state-" + stateId, verifier, ct);
        var state = tokens.Create(new JsonObject
        {
            ["typ"] = "state",
            ["sid"] = stateId,
            ["env"] = link["env"]!.DeepClone(),
            ["tenant"] = link["tenant"]!.DeepClone(),
            ["integration"] = integration,
            ["redirect"] = link["redirect"]?.DeepClone(),
        }, StateLifetime);

        var authorizeUrl = OAuthClientSettings.Url(options.Auth.AuthorizeHost ?? options.Auth.TokenHost, options.Auth.AuthorizePath);
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = CallbackUrl(http),
            ["state"] = state,
            ["code_challenge"] = Pkce.Challenge(verifier),
            ["code_challenge_method"] = "S256",
        };
        if (client.Scope is { } scopes) parameters["scope"] = scopes;
        return Results.Redirect(QueryHelpers.AddQueryString(authorizeUrl, parameters));
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext http, ConnectSigningKey key, IntegrationResolver resolver,
        IntegratedAccountRepository accounts, IIntegratedAccountLifecycle lifecycle, IOAuthTokenStore tokenStore, OAuthTokenClient tokenClient,
        ISecretStore secrets, IEventPublisher events, TimeProvider time, CancellationToken ct)
    {
        var query = http.Request.Query;
        if (query["error"].ToString() is { Length: > 0 } error) throw ApiException.BadRequest($"the vendor refused the authorization: {error}");
        var tokens = await key.GetAsync(ct);
        var state = tokens.Read(query["state"]);
        if (state is null || Text(state["typ"]) != "state") throw ApiException.BadRequest("$.state: missing, invalid or expired");
        var secretName = "connect-state-" + Text(state["sid"]);
        var verifier = await secrets.GetAsync(secretName, ct);
        // Single use: whoever deletes the stored verifier owns the state.
        if (verifier is null || !await secrets.DeleteAsync(secretName, ct)) throw ApiException.BadRequest("$.state: already used");
        var code = query["code"].ToString();
        if (code.Length == 0) throw ApiException.BadRequest("$.code: required");

        var environmentId = Guid.Parse(Text(state["env"]));
        var integrationName = Text(state["integration"]);
        var (install, _, config) = await resolver.ResolveInstallationAsync(environmentId, integrationName, ct);
        var (options, format) = OAuthOptions(config.Model);
        var client = OAuthClientSettings.From(options, ProxyTemplateScope.Create([], install.EnvironmentVariables, null, null, null, null));
        OAuthToken token;
        try
        {
            token = await tokenClient.ExchangeCodeAsync(client, code, CallbackUrl(http), verifier, ct);
        }
        catch (OAuthTokenException exception)
        {
            // The token endpoint's error text may quote what it was sent.
            var scrubbed = new SecretScrubber([client.ClientSecret, code, verifier]).Scrub(exception.Message);
            throw new ApiException(StatusCodes.Status502BadGateway, $"the code exchange failed: {scrubbed}");
        }

        var now = time.GetUtcNow();
        var account = new IntegratedAccountRecord(
            Guid.CreateVersion7(now), environmentId, install.Id, install.IntegrationId, integrationName, Text(state["tenant"]),
            format, "connecting", [], [], now, now);
        account = account with { Status = await lifecycle.InitialStatusAsync(account, ct) };
        await tokenStore.SetAsync(account.Id, token, ct);
        await accounts.CreateAsync(account, new Dictionary<string, string>(), ct);
        await events.PublishAccountEventAsync(EventTypes.IntegratedAccountCreated, account, time, ct);
        account = await lifecycle.ActivateAsync(account, ct);

        var redirect = Text(state["redirect"]);
        return redirect.Length > 0
            ? Results.Redirect(QueryHelpers.AddQueryString(redirect, "integrated_account_id", account.Id.ToString("D")))
            : ConnectResultPage.Answer(http.Request, account.Id, account.Status);
    }

    private static string CallbackUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/connect/callback";

    private static (OAuth2CredentialOptions Options, string Format) OAuthOptions(IntegrationConfig config) =>
        config.Credentials?.Values.OfType<OAuth2Credentials>().FirstOrDefault() is { } oauth
            ? (oauth.Config, "oauth2")
            : throw ApiException.BadRequest("the integration has no oauth2 credentials (authorization code flow)");
}
