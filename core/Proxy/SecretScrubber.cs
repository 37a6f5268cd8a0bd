using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Errors;

namespace Serverless.Core.Proxy;

/// <summary>
/// Replaces known secret values by <see cref="Mask"/> in what a vendor's answer carries back to a caller
/// (SPEC §11: vendors echo request headers, and error bodies quote requests). A value is matched as it
/// is and in the escaped forms an echo may use (URL and form encoding, JSON escapes), in text and in JSON
/// (string values and property names). The values are enumerated once, on first use: only the answers
/// that are scrubbed (errors, test and validation results) pay for the search.
/// </summary>
public sealed class SecretScrubber
{
    /// <summary>What replaces each secret value.</summary>
    public const string Mask = "********";

    private static readonly JavaScriptEncoder[] JsonEncoders = [JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping];

    private readonly IEnumerable<string?> _values;
    private readonly Lazy<Needles?> _needles;

    /// <summary>A scrubber of <paramref name="values"/> (null and empty ones are ignored); enumerated on first use.</summary>
    public SecretScrubber(IEnumerable<string?> values)
    {
        _values = values;
        _needles = new Lazy<Needles?>(() => Needles.Create(_values));
    }

    /// <summary>A scrubber with no values: changes nothing.</summary>
    public static SecretScrubber None { get; } = new([]);

    /// <summary>This scrubber's values and <paramref name="other"/>'s.</summary>
    public SecretScrubber Including(SecretScrubber other) =>
        ReferenceEquals(other, None) ? this : ReferenceEquals(this, None) ? other : new(_values.Concat(other._values));

    /// <summary><paramref name="text"/> with every secret value, raw or escaped, masked.</summary>
    public string Scrub(string text) => _needles.Value is { } found ? found.Replace(text) : text;

    /// <summary>A scrubbed copy of <paramref name="node"/>, free to be put in another tree.</summary>
    public JsonNode? Scrub(JsonNode? node) => _needles.Value is { } found ? found.Replace(node) : node?.DeepClone();

    /// <summary><paramref name="headers"/> with secret values masked; the same instance when there are no values.</summary>
    public IReadOnlyDictionary<string, string> Scrub(IReadOnlyDictionary<string, string> headers) =>
        _needles.Value is { } found ? headers.ToDictionary(pair => pair.Key, pair => found.Replace(pair.Value), StringComparer.OrdinalIgnoreCase) : headers;

    /// <summary>The same failure with its message, details and headers scrubbed.</summary>
    public ApiException Scrub(ApiException exception) =>
        _needles.Value is null
            ? exception
            : new ApiException(exception.StatusCode, Scrub(exception.Message), (JsonObject?)Scrub(exception.Details), Scrub(exception.Headers));

    private sealed class Needles(SearchValues<string> search, string[] longestFirst)
    {
        public static Needles? Create(IEnumerable<string?> values)
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (string.IsNullOrEmpty(value) || value == Mask)
                {
                    continue;
                }

                all.Add(value);
                all.Add(Uri.EscapeDataString(value));
                all.Add(WebUtility.UrlEncode(value));
                foreach (var encoder in JsonEncoders)
                {
                    all.Add(JsonEncodedText.Encode(value, encoder).Value);
                }
            }

            return all.Count == 0
                ? null
                : new Needles(SearchValues.Create([.. all], StringComparison.Ordinal), [.. all.OrderByDescending(needle => needle.Length)]);
        }

        public string Replace(string text)
        {
            var rest = text.AsSpan();
            var index = rest.IndexOfAny(search);
            if (index < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length);
            while (index >= 0)
            {
                result.Append(rest[..index]).Append(Mask);
                rest = rest[index..];
                rest = rest[LongestAt(rest)..];
                index = rest.IndexOfAny(search);
            }

            return result.Append(rest).ToString();
        }

        public JsonNode? Replace(JsonNode? node) => node switch
        {
            JsonObject obj => Replace(obj),
            JsonArray array => new JsonArray([.. array.Select(Replace)]),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Replace(value.GetValue<string>())),
            _ => node?.DeepClone(),
        };

        private JsonObject Replace(JsonObject obj)
        {
            var result = new JsonObject();
            foreach (var (name, value) in obj)
            {
                // Two names that scrub alike keep the last value: the answer must not fail over it.
                result[Replace(name)] = Replace(value);
            }

            return result;
        }

        private int LongestAt(ReadOnlySpan<char> text)
        {
            foreach (var needle in longestFirst)
            {
                if (text.StartsWith(needle, StringComparison.Ordinal))
                {
                    return needle.Length;
                }
            }

            return 1;
        }
    }
}
