using System.Net;
using System.Net.Sockets;
using System.Text;
using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class VendorRequestSenderTests
{
    /// <summary>One exchange with a loopback server that reads the request's head and answers <paramref name="answer"/> as given, then closes.</summary>
    private static async Task<VendorResponse> SendAsync(HttpMethod method, byte[] answer)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var connection = await listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) is var read and > 0)
            {
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(answer);
        });
        using var client = new HttpClient();
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/items";
            return await new VendorRequestSender(client).SendAsync(new OutboundRequest { Method = method, Url = url }, TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        finally
        {
            await serving;
        }
    }

    private static byte[] Answer(string head, byte[] body) => [.. Encoding.ASCII.GetBytes(head.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n"), .. body];

    [Fact]
    public async Task A_body_of_known_length_is_read_whole_with_the_headers_as_received()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":[{"name":"café"}]}""");
        var response = await SendAsync(HttpMethod.Get, Answer(
            $"HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: {body.Length}\nCache-Control: no-store,no-cache\nX-Tag: a\nX-Tag: b\n", body));

        Assert.Equal("café", response.Body!["data"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("""{"data":[{"name":"café"}]}""", response.Text);
        Assert.Equal("no-store,no-cache", response.Header("cache-control"));
        Assert.Equal("a, b", response.Header("X-Tag"));
    }

    [Fact]
    public async Task A_HEAD_answer_announcing_a_length_has_an_empty_body()
    {
        var response = await SendAsync(HttpMethod.Head, Answer("HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 120\n", []));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("", response.Text);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task A_body_cut_short_of_its_length_is_a_vendor_that_could_not_be_reached()
    {
        var exception = await Assert.ThrowsAsync<VendorCallException>(() =>
            SendAsync(HttpMethod.Get, Answer("HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 500\n", Encoding.UTF8.GetBytes("""{"data":["""))));

        Assert.False(exception.TimedOut);
    }

    [Fact]
    public async Task Another_charset_is_decoded_by_its_own_rules()
    {
        var body = Encoding.Latin1.GetBytes("""{"name":"café"}""");
        var response = await SendAsync(HttpMethod.Get, Answer($"HTTP/1.1 200 OK\nContent-Type: application/json; charset=iso-8859-1\nContent-Length: {body.Length}\n", body));

        Assert.Equal("café", response.Body!["name"]!.GetValue<string>());
    }
}
