using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Http;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Integrations;

/// <summary>
/// A method's compiled <c>error_expression</c> and <c>rate_limit</c> expressions (SPEC §2.7), each
/// JSONata over <c>{status, headers, data}</c>; absent ones fall back to the defaults of <see cref="RateLimitReading"/>.
/// A rate-limit expression that is a bare header name (Truto's example writes <c>"Retry-After"</c>, which
/// as JSONata would subtract two missing fields) reads that response header.
/// </summary>
public sealed class ResponseExpressions
{
    /// <summary>No expressions: every reading uses the defaults.</summary>
    public static readonly ResponseExpressions None = new(null, null, null, null);

    private readonly JsonataExpression? _error;
    private readonly ResponseReading? _isRateLimited;
    private readonly ResponseReading? _retryAfter;
    private readonly ResponseReading? _rateLimitHeaders;

    private ResponseExpressions(JsonataExpression? error, ResponseReading? isRateLimited, ResponseReading? retryAfter, ResponseReading? rateLimitHeaders)
    {
        _error = error;
        _isRateLimited = isRateLimited;
        _retryAfter = retryAfter;
        _rateLimitHeaders = rateLimitHeaders;
    }

    /// <summary>Whether no expression is set.</summary>
    public bool IsEmpty => _error is null && _isRateLimited is null && _retryAfter is null && _rateLimitHeaders is null;

    /// <exception cref="JsonataException">An expression does not compile.</exception>
    public static ResponseExpressions Compile(string? errorExpression, RateLimitConfig? rateLimit)
    {
        static JsonataExpression? Of(string? source) => string.IsNullOrWhiteSpace(source) ? null : JsonataExpression.Compile(source);
        var compiled = new ResponseExpressions(
            Of(errorExpression), ResponseReading.Of(rateLimit?.IsRateLimited, "rate_limit.is_rate_limited"),
            ResponseReading.Of(rateLimit?.RetryAfterHeaderExpression, "rate_limit.retry_after_header_expression"),
            ResponseReading.Of(rateLimit?.RateLimitHeaderExpression, "rate_limit.rate_limit_header_expression"));
        return compiled.IsEmpty ? None : compiled;
    }

    /// <summary>Whether <paramref name="response"/> is a rate limit: <c>rate_limit.is_rate_limited</c> over <paramref name="input"/> when set, else the default reading.</summary>
    public bool IsRateLimited(VendorResponse response, JsonObject input) =>
        _isRateLimited is null ? RateLimitReading.IsRateLimited(response) : IsTruthy(_isRateLimited.Read(response, input));

    /// <summary>How many seconds to wait before retrying a rate-limited <paramref name="response"/>: <c>rate_limit.retry_after_header_expression</c> when set (a number of seconds or a date), else the default reading.</summary>
    public int RetryAfterSeconds(VendorResponse response, JsonObject input, DateTimeOffset now)
    {
        if (_retryAfter is null) return RateLimitReading.RetryAfterSeconds(response, now);
        return _retryAfter.Read(response, input) switch
        {
            JsonValue v when v.TryGetValue<double>(out var seconds) => Math.Max(0, (int)Math.Ceiling(seconds)),
            JsonValue v when v.TryGetValue<string>(out var text) => RateLimitReading.ParseWait(text, now) ?? RateLimitReading.DefaultRetryAfterSeconds,
            _ => RateLimitReading.RetryAfterSeconds(response, now),
        };
    }

    /// <summary>
    /// The normalised rate-limit headers: the expression's <c>{limit, remaining, reset}</c>, else the vendor's
    /// headers; a single value (a bare header name) is the remaining count.
    /// </summary>
    public Dictionary<string, string> RateLimitHeaders(VendorResponse response, JsonObject input, DateTimeOffset now)
    {
        var read = _rateLimitHeaders?.Read(response, input);
        if (read is not JsonObject values)
        {
            var defaults = RateLimitReading.Headers(response, now);
            if (read is JsonValue remaining) defaults["ratelimit-remaining"] = QueryStringWriter.Scalar(remaining);
            return defaults;
        }
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "limit", "remaining", "reset" })
        {
            if (values[name] is JsonValue value) result["ratelimit-" + name] = QueryStringWriter.Scalar(value);
        }
        return result;
    }

    /// <summary>The error the expression describes, or <c>null</c> when it finds none (or there is no expression).</summary>
    public ResponseOverride? Error(JsonObject input)
    {
        if (_error is null || Evaluate(_error, input, "error_expression") is not JsonObject found) return null;
        var status = found["status"] is JsonValue s && s.TryGetValue<double>(out var number) ? (int)number : 500;
        var message = found["message"] is JsonValue m ? QueryStringWriter.Scalar(m) : null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (found["headers"] is JsonObject h)
        {
            foreach (var (name, value) in h) if (value is JsonValue scalar) headers[name] = QueryStringWriter.Scalar(scalar);
        }
        return new ResponseOverride(status, message, headers, found.ContainsKey("result"), found["result"]?.DeepClone(), found["metadata"]?.DeepClone());
    }

    private static JsonNode? Evaluate(JsonataExpression expression, JsonObject input, string name)
    {
        try
        {
            return expression.Evaluate(input, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw new ApiException(502, $"the integration's {name} failed: {exception.Message}");
        }
    }

    private static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.TryGetValue<double>(out var n) => n != 0,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        _ => true,
    };
}

/// <summary>
/// What an <c>error_expression</c> decided (Truto's <c>{status, message?, headers?, metadata?, result?}</c>): the status
/// and message to answer, extra headers, optionally the body, and metadata passed on in the error's details.
/// </summary>
public sealed record ResponseOverride(int Status, string? Message, IReadOnlyDictionary<string, string> Headers, bool HasResult, JsonNode? Result, JsonNode? Metadata = null)
{
    /// <summary><see cref="Message"/>, else a message naming the status.</summary>
    public string MessageOrDefault => Message ?? $"the vendor call failed ({Status.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>A rate-limit setting: a compiled JSONata expression, or the name of the response header it reads.</summary>
internal sealed partial class ResponseReading
{
    private readonly JsonataExpression? _expression;
    private readonly string? _header;
    private readonly string _name;

    private ResponseReading(JsonataExpression? expression, string? header, string name)
    {
        _expression = expression;
        _header = header;
        _name = name;
    }

    /// <exception cref="JsonataException">The expression does not compile.</exception>
    public static ResponseReading? Of(string? source, string name)
    {
        if (string.IsNullOrWhiteSpace(source)) return null;
        return HeaderName().IsMatch(source) ? new ResponseReading(null, source.ToLowerInvariant(), name) : new ResponseReading(JsonataExpression.Compile(source), null, name);
    }

    public JsonNode? Read(VendorResponse response, JsonObject input)
    {
        if (_header is not null) return response.Header(_header) is { } value ? JsonValue.Create(value) : null;
        try
        {
            return _expression!.Evaluate(input, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw new ApiException(502, $"the integration's {_name} failed: {exception.Message}");
        }
    }

    /// <summary>Letters and digits joined by hyphens, at least one hyphen: as JSONata only a subtraction of missing fields.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$")]
    private static partial System.Text.RegularExpressions.Regex HeaderName();
}
