using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Pagination;

namespace Serverless.Core.Proxy;

/// <summary>
/// Runs one resource method call against the vendor (SPEC §2.3–2.7, §3): build the request from the
/// compiled method, authorize it (refreshing OAuth tokens before expiry and once after a 401), send it,
/// read rate limits and errors, and shape the answer (list envelope with an opaque cursor, or the body).
/// Every failure leaves with the call's secret values scrubbed (<see cref="CallSecrets"/>), and every
/// answer carries them for callers that pass vendor bodies on (<see cref="ProxyResult.Secrets"/>).
/// </summary>
public sealed partial class ProxyEngine(
    VendorRequestSender sender, OAuthAccessTokens tokens, IAccountAuthState authState, IRefreshTokenAction refreshTokenAction, TimeProvider time,
    ILogger<ProxyEngine> logger)
{
    /// <exception cref="ApiException">Every failure, with the status the caller gets and no secret value in it.</exception>
    public async Task<ProxyResult> ExecuteAsync(ProxyCall call, CancellationToken cancellationToken)
    {
        var sent = new SentRequest(call.Account.Context);
        try
        {
            var result = await ExecuteAsync(call, sent, cancellationToken);
            return result with { Secrets = sent.Secrets(call) };
        }
        catch (ApiException exception)
        {
            throw sent.Secrets(call).Scrub(exception);
        }
    }

    private async Task<ProxyResult> ExecuteAsync(ProxyCall call, SentRequest sent, CancellationToken cancellationToken)
    {
        var method = call.Request;
        if (method.Unsupported is { } reason) throw new ApiException(501, $"{method.Label} cannot run: {reason}");

        var page = StartPage(method, call);
        // The refresh_token action's own requests use the token they were given as it is.
        var oauth = call.Account.RefreshingToken ? null : OAuthFor(call);
        var context = call.Account.Context;
        OAuthToken? token = null;
        if (oauth is { } client)
        {
            var refresh = RefreshAction(call, client.Settings);
            token = await AuthorizeAsync(call.Account, () => tokens.GetAsync(call.Account.Id, OAuthToken.FromJson(DottedPath.Read(context, "oauth.token")), client.Settings, client.Grant, cancellationToken, refresh), cancellationToken);
            context = token.InContext(context);
        }

        sent.Context = context;
        var (request, response) = await SendAsync(method, call, sent, page, cancellationToken);
        if (response.StatusCode == 401 && oauth is { } retry)
        {
            // One refresh and one retry: a token can be revoked or expire early on the vendor's side.
            var stale = token;
            token = await AuthorizeAsync(call.Account, () => tokens.RefreshAsync(call.Account.Id, stale, retry.Settings, retry.Grant, cancellationToken, RefreshAction(call, retry.Settings)), cancellationToken);
            sent.Context = token.InContext(call.Account.Context);
            (request, response) = await SendAsync(method, call, sent, page, cancellationToken);
        }

        if (call.Account.Status == ProxyAccount.NeedsReauth && response.StatusCode != 401)
        {
            await authState.ReactivatedAsync(call.Account.Id, cancellationToken);
        }

        var now = time.GetUtcNow();
        var expressions = method.Responses;
        var input = expressions.IsEmpty ? [] : response.ToExpressionInput();
        var headers = expressions.RateLimitHeaders(response, input, now);
        if (expressions.IsRateLimited(response, input))
        {
            headers["Retry-After"] = expressions.RetryAfterSeconds(response, input, now).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ApiException(429, $"the vendor rate-limited the call; retry after {headers["Retry-After"]} s", VendorDetails(response), headers);
        }
        if (expressions.Error(input) is { } decided)
        {
            foreach (var (name, value) in decided.Headers) headers[name] = value;
            if (decided.Status is < 200 or >= 300)
            {
                var details = VendorDetails(response);
                if (decided.Metadata is { } metadata) details["metadata"] = metadata;
                throw new ApiException(decided.Status, decided.MessageOrDefault, details, headers);
            }
            // A 2xx decision turns a vendor error into a success (e.g. a 404 meaning "none").
            if (decided.HasResult) response = response with { StatusCode = decided.Status, Body = decided.Result, Text = decided.Result?.ToJsonString() ?? "" };
            else response = response with { StatusCode = decided.Status };
        }
        else if (!response.IsSuccess)
        {
            if (RedirectTarget(request, response) is { } location) headers["Location"] = location;
            throw new ApiException(response.StatusCode, $"the vendor answered {response.StatusCode} to {method.Label}", VendorDetails(response), headers);
        }
        return Shape(method, call, request, response, page, headers);
    }

    private static PaginationState? StartPage(CompiledRequest method, ProxyCall call)
    {
        if (method.Paginator is not { } paginator) return null;
        if (call.NextCursor is not { Length: > 0 } cursor) return paginator.Start(call.Limit);
        PaginationState state;
        try
        {
            state = NextCursor.Decode(cursor);
        }
        catch (InvalidNextCursorException exception)
        {
            throw new ApiException(400, exception.Message);
        }
        return call.Limit is null ? state : state with { Limit = paginator.Start(call.Limit).Limit };
    }

    private (OAuthClientSettings Settings, OAuthGrant Grant)? OAuthFor(ProxyCall call)
    {
        var definition = call.Integration.Model.Credentials?.GetValueOrDefault(call.Account.AuthenticationMethod);
        var (options, grant) = definition switch
        {
            OAuth2Credentials { Config.UsesClientCredentialsGrant: true } oauth => (oauth.Config, OAuthGrant.ClientCredentials),
            OAuth2Credentials oauth => (oauth.Config, OAuthGrant.RefreshToken),
            OAuth2ClientCredentials clientCredentials => (clientCredentials.Config, OAuthGrant.ClientCredentials),
            _ => (null, OAuthGrant.RefreshToken),
        };
        if (options is null) return null;
        var scope = ProxyTemplateScope.Create(call.Account.Context, call.Account.EnvironmentVariables, null, null, null, null);
        return (OAuthClientSettings.From(options, scope, call.Account.Context), grant);
    }

    /// <summary>
    /// The integration's <c>refresh_token</c> action as the token refresh (Truto's reserved name for vendors whose
    /// refresh is not the standard grant), or <c>null</c> without one. Its own requests run with the token they are
    /// given (<see cref="ProxyAccount.RefreshingToken"/>), so a 401 among them does not refresh again.
    /// </summary>
    private Func<OAuthToken?, Task<OAuthToken>>? RefreshAction(ProxyCall call, OAuthClientSettings settings)
    {
        if (call.Integration.FindAction(ReservedActions.RefreshToken) is not { } action) return null;
        return current => refreshTokenAction.RefreshAsync(this, call.Integration, action, call.Account, current, settings);
    }

    private async Task<OAuthToken> AuthorizeAsync(ProxyAccount account, Func<Task<OAuthToken>> obtain, CancellationToken cancellationToken)
    {
        try
        {
            return await obtain();
        }
        catch (OAuthTokenException exception) when (exception.IsRejection)
        {
            LogReauthNeeded(logger, account.Id, exception.Error);
            await authState.NeedsReauthAsync(account.Id, exception.Message, cancellationToken);
            throw new ApiException(401, $"the account's OAuth authorization was refused ({exception.Message}); it must be connected again");
        }
        catch (OAuthTokenException exception)
        {
            throw new ApiException(502, $"no OAuth token could be obtained: {exception.Message}");
        }
    }

    private async Task<(OutboundRequest Request, VendorResponse Response)> SendAsync(
        CompiledRequest method, ProxyCall call, SentRequest sent, PaginationState? page, CancellationToken cancellationToken)
    {
        var request = sent.Request = VendorRequestFactory.Build(call, sent.Context, page);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await sender.SendAsync(request, method.Timeout, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                LogVendorCall(logger, method.Label, request.Method.Method, new Uri(request.ResolveUrl()).Authority, response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return (request, response);
        }
        catch (VendorCallException exception)
        {
            // No answer at all: the vendor is a gateway the proxy could not get through (502), or not in time (504).
            var status = exception.TimedOut ? 504 : 502;
            LogVendorFailure(logger, method.Label, status, exception.Message);
            throw new ApiException(status, exception.Message);
        }
    }

    private static ProxyResult Shape(
        CompiledRequest method, ProxyCall call, OutboundRequest request, VendorResponse response, PaginationState? page, Dictionary<string, string> headers)
    {
        if (method.Shape == ResponseShape.List)
        {
            var records = ResponseRecords.Extract(response, method.ResponsePath);
            // Records as the vendor sent them: counted and, in the caller's answer, written from the received bytes.
            var received = response.Received(method.ResponsePath) is { ValueKind: JsonValueKind.Array } receivedArray ? receivedArray : (JsonElement?)null;
            PaginationState? next = null, previous = null;
            if (page is not null)
            {
                // The received array is read where it lies: the loop check and the paginators count and hash it without a tree.
                var read = PageRecords.Of(records, received);
                var requestUrl = request.ResolveUrl();
                try
                {
                    next = method.Paginator!.Advance(page, requestUrl, response, read);
                    previous = method.Paginator.Previous(page, requestUrl, response);
                }
                catch (Jsonata.JsonataException exception)
                {
                    throw new ApiException(502, $"the integration's pagination expression failed: {exception.Message}");
                }
            }
            var body = new JsonObject
            {
                ["result"] = records,
                ["next_cursor"] = next is null ? null : NextCursor.Encode(next),
                ["prev_cursor"] = previous is null ? null : NextCursor.Encode(previous),
                ["result_count"] = received?.GetArrayLength() ?? records.Count,
            };
            return new ProxyResult(200, body, headers, records, next, response) { ReceivedRecords = received };
        }
        if (method.Shape == ResponseShape.Deleted) return new ProxyResult(200, new JsonObject { ["id"] = call.Id }, headers, VendorResponse: response);
        var result = response.Detached(method.ResponsePath) ?? (response.Text.Length == 0 ? null : JsonValue.Create(response.Text));
        return new ProxyResult(response.StatusCode, result, headers, VendorResponse: response);
    }

    /// <summary>
    /// A vendor redirect's <c>Location</c> for the caller (the proxy does not follow redirects): absolute,
    /// since a relative one would resolve against the proxy's URL instead of the vendor's; http(s) only.
    /// </summary>
    private static string? RedirectTarget(OutboundRequest request, VendorResponse response)
    {
        if (response.StatusCode is < 300 or >= 400 || response.Header("Location") is not { Length: > 0 } location) return null;
        return Uri.TryCreate(new Uri(request.ResolveUrl()), location, out var target) && target.Scheme is "http" or "https" ? target.AbsoluteUri : null;
    }

    private static JsonObject VendorDetails(VendorResponse response) => new()
    {
        ["vendor_status"] = response.StatusCode,
        ["vendor_body"] = response.Detached(null) ?? (response.Text.Length == 0 ? null : JsonValue.Create(response.Text)),
    };

    /// <summary>What the call sent so far, for the secrets to scrub: the context (with a fresh OAuth token, say) and the last request.</summary>
    private sealed class SentRequest(JsonObject context)
    {
        public JsonObject Context { get; set; } = context;

        public OutboundRequest? Request { get; set; }

        public SecretScrubber Secrets(ProxyCall call) => CallSecrets.Of(call.Integration, call.Account, Context, Request);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vendor call {Request}: {HttpMethod} {Host} answered {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogVendorCall(ILogger logger, string request, string httpMethod, string host, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vendor call {Request} failed with {Status}: {Reason}")]
    private static partial void LogVendorFailure(ILogger logger, string request, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth refresh refused for account {AccountId} ({Error}); it needs re-authorization")]
    private static partial void LogReauthNeeded(ILogger logger, Guid accountId, string? error);
}
