using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Serverless.Core.Errors;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// The one reader for request bodies: size (413, and for YAML the size it expands to, aliases
/// included), text (400 for invalid UTF-8 or lone UTF-16 surrogates, with line, byte and path), syntax
/// (400 with path, line and byte; duplicate properties refused). <see cref="ReadAsync{T}"/> adds the
/// content type (415) and the shape of the record <c>T</c> of <see cref="ReadAsync{T}"/> (400 listing every unknown field, wrong type
/// and missing field with its path); endpoints that accept YAML read it into the same tree.
/// <see cref="ReadPayloadAsync"/> is for free-form inputs (proxy, actions), <see cref="ReadTextAsync"/>
/// for bodies kept as sent (inbound webhooks).
/// </summary>
internal sealed class RequestBodyReader(IOptions<PlatformApiOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    public async Task<RequestBody<T>> ReadAsync<T>(HttpRequest request, bool allowYaml = false)
    {
        var format = ContentFormat(request, allowYaml);
        var bytes = await ReadAllAsync(request);
        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("$: a request body is required");
        }

        var node = format == BodyFormat.Yaml ? ParseYaml(bytes) : ParseJson(bytes);
        if (node is not JsonObject json)
        {
            var kind = node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
            throw ApiException.BadRequest($"$: expected object, got {kind}");
        }

        var serializerOptions = jsonOptions.Value.SerializerOptions;
        var errors = JsonShapeCheck.Check(json, typeof(T), serializerOptions);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        var value = json.Deserialize<T>(serializerOptions) ?? throw ApiException.BadRequest("$: expected object, got null");
        return new RequestBody<T>(value, json);
    }

    /// <summary>
    /// A free-form input: a form body (<c>application/x-www-form-urlencoded</c>) as an object of strings,
    /// anything else as JSON; <c>null</c> when there is no body.
    /// </summary>
    public async Task<JsonNode?> ReadPayloadAsync(HttpRequest request)
    {
        var bytes = await ReadAllAsync(request);
        if (bytes.Length == 0)
        {
            return null;
        }

        if (!request.HasFormContentType)
        {
            return ParseJson(bytes);
        }

        TextEncodingCheck.RequireUtf8(bytes, json: false);
        var form = new JsonObject();
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes)))
        {
            form[key] = values.ToString();
        }

        return form;
    }

    /// <summary>The body exactly as sent (signatures are computed over it), checked to be text: UTF-8, and valid escapes if it is JSON.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadTextAsync(HttpRequest request)
    {
        var bytes = await ReadAllAsync(request);
        TextEncodingCheck.RequireUtf8(bytes, json: true);
        TextEncodingCheck.RequireValidEscapes(bytes, ReaderOptions);
        return bytes;
    }

    private static BodyFormat ContentFormat(HttpRequest request, bool allowYaml)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            var type = mediaType.MediaType.Value ?? "";
            if (type.Equals(BodyMediaTypes.Json, StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            {
                return BodyFormat.Json;
            }

            if (allowYaml && (BodyMediaTypes.Yaml.Contains(type, StringComparer.OrdinalIgnoreCase)
                || type.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)))
            {
                return BodyFormat.Yaml;
            }
        }

        var accepted = allowYaml ? $"{BodyMediaTypes.Json}, {string.Join(" or ", BodyMediaTypes.Yaml)}" : BodyMediaTypes.Json;
        var given = string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType;
        throw new ApiException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be {accepted} (got {given})");
    }

    /// <summary>
    /// The whole body, within <c>MAX_REQUEST_BODY_BYTES</c>: the limit is set on the server's
    /// <see cref="IHttpMaxRequestBodySizeFeature"/> (Kestrel's per-request <c>MaxRequestBodySize</c>), which fails the read
    /// of a larger body with a 413 (<see cref="BadHttpRequestException"/>, answered by <see cref="Errors.ApiErrorMiddleware"/>).
    /// Set here rather than for every request: a body nobody reads is drained under the server's own limit.
    /// </summary>
    private async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        // A request without a body (a GET, say): nothing to read, no copy buffer rented.
        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        // A declared length sizes the buffer, but never past the limit: a client may declare anything.
        var capacity = (int)Math.Min(request.ContentLength ?? 0, Math.Min(limit, Array.MaxLength));
        using var buffer = new MemoryStream(capacity);
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    private static JsonNode? ParseJson(byte[] bytes)
    {
        // Text first: the parser reads property names to find duplicates, and an invalid one would throw there.
        TextEncodingCheck.RequireUtf8(bytes, json: true);
        TextEncodingCheck.RequireValidEscapes(bytes, ReaderOptions);
        try
        {
            return JsonNode.Parse(bytes, documentOptions: DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(JsonSyntaxLocator.Describe(bytes, ReaderOptions, exception));
        }
    }

    private JsonNode? ParseYaml(byte[] bytes)
    {
        TextEncodingCheck.RequireUtf8(bytes, json: false);
        var limit = options.Value.MaxRequestBodyBytes;
        try
        {
            return YamlJsonReader.Read(Encoding.UTF8.GetString(bytes), limit);
        }
        catch (YamlJsonException exception) when (exception.IsTooLarge)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"$: {exception.Message}; the limit is the request body limit of {limit} bytes");
        }
        catch (YamlJsonException exception)
        {
            throw ApiException.BadRequest($"$: malformed {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some malformed input (e.g. an unclosed flow sequence).
            throw ApiException.BadRequest("$: malformed YAML");
        }
    }

    private enum BodyFormat { Json, Yaml }
}
