using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Proxy;
using Xunit;

namespace Serverless.Core.Tests.Proxy;

public sealed class ProxyResultTests
{
    private static readonly string Records = "[" + string.Join(",", Enumerable.Range(1, 200).Select(i => $$"""{"id":{{i}}, "name":"caf\u00e9 {{i}}"}""")) + "]";

    /// <summary>A list result as the engine makes it: the envelope, with the vendor's records as received at <c>data</c>.</summary>
    private static ProxyResult ListResult(out VendorResponse response)
    {
        var utf8 = Encoding.UTF8.GetBytes($$"""{"data":{{Records}}}""");
        response = new VendorResponse(200, new Dictionary<string, string>(), utf8, VendorJson.TryParseDocument(utf8));
        var records = ResponseRecords.Extract(response, "data");
        var envelope = new JsonObject { ["result"] = records, ["next_cursor"] = "c\"1", ["prev_cursor"] = null, ["result_count"] = records.Count };
        return new ProxyResult(200, envelope, new Dictionary<string, string>(), records, VendorResponse: response) { ReceivedRecords = response.Received("data") };
    }

    [Fact]
    public void A_list_is_written_as_its_envelope_with_the_records_bytes_as_received()
    {
        var output = new ArrayBufferWriter<byte>();
        ListResult(out _).WriteBody(output);

        var written = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal($$"""{"result":{{Records}},"next_cursor":"c\u00221","prev_cursor":null,"result_count":200}""", written);
        Assert.Equal(200, JsonNode.Parse(written)!["result"]!.AsArray().Count);
    }

    [Fact]
    public void A_list_is_written_into_the_outputs_own_blocks_never_asking_for_one_as_large_as_the_records()
    {
        var output = new SmallBlocks(512);
        ListResult(out _).WriteBody(output);

        Assert.True(Records.Length > 4 * 512);
        Assert.Equal(200, JsonNode.Parse(output.Written.ToArray())!["result"]!.AsArray().Count);
    }

    [Fact]
    public void Once_its_buffers_are_returned_the_answer_is_not_read_again()
    {
        var result = ListResult(out var response);
        result.WriteBody(new ArrayBufferWriter<byte>());
        result.ReturnBuffers();
        result.ReturnBuffers();

        Assert.Throws<ObjectDisposedException>(() => response.Received("data")!.Value.GetArrayLength());
    }

    /// <summary>An output that hands out blocks of at most <paramref name="size"/> bytes, and fails a request for a larger one.</summary>
    private sealed class SmallBlocks(int size) : IBufferWriter<byte>
    {
        private byte[] _block = new byte[size];

        public MemoryStream Written { get; } = new();

        public void Advance(int count)
        {
            Written.Write(_block, 0, count);
            _block = new byte[size];
        }

        public Memory<byte> GetMemory(int sizeHint = 0) =>
            sizeHint <= size ? _block : throw new InvalidOperationException($"asked for {sizeHint} bytes at once");

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
