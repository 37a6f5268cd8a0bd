using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// A vendor API served by a real Kestrel server on a free loopback port. Subclasses map the vendor's
/// routes and answer in its documented shapes; this base records every request, answers 429 with
/// <c>Retry-After</c> when told to, and rejects requests the configured <see cref="Auth"/> does not accept.
/// </summary>
public abstract class VendorSimulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication? _app;
    private int _rateLimitedRemaining;
    private string _retryAfter = "1";

    /// <summary>Scheme, host and port, without a trailing slash (e.g. <c>http://127.0.0.1:51234</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    public SimulatorAuth? Auth { get; set; }

    /// <summary>Added before every answer (to provoke client timeouts).</summary>
    public TimeSpan ResponseDelay { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void ClearRequests() => _requests.Clear();

    /// <summary>The next <paramref name="count"/> requests get 429 with this <c>Retry-After</c> (seconds or an HTTP date).</summary>
    public void RateLimitNextRequests(int count, string retryAfterValue = "1")
    {
        _retryAfter = retryAfterValue;
        Interlocked.Exchange(ref _rateLimitedRemaining, count);
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Use(HandleAsync);
        MapRoutes(_app);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract void MapRoutes(IEndpointRouteBuilder routes);

    /// <summary>The vendor's answer to a request without acceptable credentials.</summary>
    protected virtual IResult Unauthorized() => Results.Json(new { message = "Bad credentials" }, statusCode: 401);

    /// <summary>Endpoints that take no credentials (an OAuth server's token endpoint, for one).</summary>
    protected virtual bool IsPublic(HttpRequest request) => false;

    protected virtual IResult RateLimited() => Results.Json(new { message = "rate limit exceeded" }, statusCode: 429);

    /// <summary>A page size from the query: the default when absent or unparsable, clamped to [1, max].</summary>
    protected static int PageSize(HttpRequest request, string key, int defaultSize, int maxSize) =>
        int.TryParse(request.Query[key], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? Math.Clamp(size, 1, maxSize)
            : defaultSize;

    protected static int NonNegativeInt(HttpRequest request, string key, int defaultValue) =>
        int.TryParse(request.Query[key], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;

    protected static IResult Json(JsonNode body, int statusCode = 200) =>
        Results.Content(body.ToJsonString(), "application/json", statusCode: statusCode);

    protected static JsonArray Clone(IEnumerable<JsonObject> records) => [.. records.Select(record => record.DeepClone())];

    private bool TryConsumeRateLimit()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _rateLimitedRemaining);
            if (remaining <= 0) return false;
            if (Interlocked.CompareExchange(ref _rateLimitedRemaining, remaining - 1, remaining) == remaining) return true;
        }
    }

    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        request.Body.Position = 0;
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString()),
            body));

        if (ResponseDelay > TimeSpan.Zero) await Task.Delay(ResponseDelay, context.RequestAborted);

        IResult? refusal = null;
        if (TryConsumeRateLimit())
        {
            context.Response.Headers.RetryAfter = _retryAfter;
            refusal = RateLimited();
        }
        else if (!IsPublic(request) && Auth is { } auth && !auth.Accepts(request))
        {
            refusal = Unauthorized();
        }

        if (refusal is not null) await refusal.ExecuteAsync(context);
        else await next(context);
    }
}
