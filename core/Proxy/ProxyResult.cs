using System.Buffers;
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

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>
    /// Writes <see cref="Body"/> into <paramref name="output"/>: a list's records, when they are the vendor's as received,
    /// as their bytes (copied, not decoded and encoded again: the same JSON values, with the vendor's own escapes and
    /// spacing). For the answer of the call that produced this result, before anything changes <see cref="Records"/>.
    /// </summary>
    public void WriteBody(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        if (ReceivedRecords is not { } received || Body is not JsonObject envelope)
        {
            if (Body is null) writer.WriteNullValue();
            else Body.WriteTo(writer);
            return;
        }

        // The envelope's punctuation by hand and its names and values each as a JSON value of their own, so that the
        // records are copied into the output's own blocks: Utf8JsonWriter.WriteRawValue would ask the output for one
        // buffer as large as all of them, which a server's response does not pool.
        var separator = "{"u8;
        foreach (var (name, value) in envelope)
        {
            output.Write(separator);
            separator = ","u8;
            writer.WriteStringValue(name);
            Completed(writer);
            output.Write(":"u8);
            if (value is not null && ReferenceEquals(value, Records))
            {
                output.Write(JsonMarshal.GetRawUtf8Value(received));
                continue;
            }

            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
            Completed(writer);
        }
        output.Write("}"u8);
    }

    /// <summary>
    /// For the answer's writer, once the body is written: gives the pooled memory of the vendor's answer back
    /// (<see cref="VendorResponse.ReturnBuffers"/>); <see cref="Body"/>, <see cref="Records"/> and
    /// <see cref="VendorResponse"/> must not be read afterwards.
    /// </summary>
    public void ReturnBuffers() => VendorResponse?.ReturnBuffers();

    /// <summary>Hands what <paramref name="writer"/> wrote to its output and readies it for another value of its own.</summary>
    private static void Completed(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset();
    }
}
