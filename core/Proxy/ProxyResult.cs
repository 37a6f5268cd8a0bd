using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Http;

namespace Serverless.Core.Proxy;

/// <summary>What the proxy answers: status, body and the headers it forwards (normalised rate-limit headers).</summary>
/// <param name="Records">For lists: the page's records, also inside <paramref name="Body"/> (sync jobs read them here).</param>
/// <param name="Next">For lists: the next page's state, <c>null</c> at the end.</param>
public sealed record ProxyResult(
    int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string> Headers, JsonArray? Records = null,
    Pagination.PaginationState? Next = null, VendorResponse? VendorResponse = null)
{
    /// <summary>The call's secret values, for whoever passes the vendor's answer on (action tests, validation results).</summary>
    public SecretScrubber Secrets { get; init; } = SecretScrubber.None;

    /// <summary>For lists: <see cref="Records"/> as the vendor sent them (an array in its body), when they are.</summary>
    internal JsonElement? ReceivedRecords { get; init; }

    /// <summary>
    /// Writes <see cref="Body"/>: a list's records, when they are the vendor's as received, as their bytes (copied, not
    /// decoded and encoded again: the same JSON values, with the vendor's own escapes and spacing). For the answer of the
    /// call that produced this result, before anything changes <see cref="Records"/>.
    /// </summary>
    public void WriteBody(Utf8JsonWriter writer)
    {
        if (Body is null)
        {
            writer.WriteNullValue();
            return;
        }
        if (ReceivedRecords is not { } received || Body is not JsonObject envelope)
        {
            Body.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var (name, value) in envelope)
        {
            writer.WritePropertyName(name);
            if (value is not null && ReferenceEquals(value, Records)) writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(received), skipInputValidation: true);
            else if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }
}
