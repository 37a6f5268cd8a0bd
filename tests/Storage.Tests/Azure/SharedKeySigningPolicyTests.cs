using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

public sealed class SharedKeySigningPolicyTests
{
    private const string Date = "Sun, 22 Nov 2026 06:00:00 GMT";
    private static readonly byte[] Key = Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey);

    [Fact]
    public void Blob_string_to_sign_lists_standard_headers_sorted_ms_headers_and_every_query_parameter()
    {
        var request = NewRequest(RequestMethod.Put, "https://devstoreaccount1.blob.core.windows.net/mycontainer/dir/a%20b.txt?timeout=30&comp=metadata");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes("hello world"));
        request.Headers.SetValue("Content-Type", "text/plain");
        request.Headers.SetValue("If-Match", "\"0x1\"");
        request.Headers.SetValue("x-ms-version", "2021-12-02");
        request.Headers.SetValue("x-ms-meta-Name", " value ");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        var policy = new SharedKeySigningPolicy(StorageConnectionString.DevelopmentAccountName, Key, SharedKeyFormat.BlobQueue);

        var stringToSign = policy.BuildStringToSign(request);

        Assert.Equal(
            "PUT\n\n\n11\n\ntext/plain\n\n\n\"0x1\"\n\n\n\n" +
            "x-ms-blob-type:BlockBlob\nx-ms-date:" + Date + "\nx-ms-meta-name:value\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/mycontainer/dir/a%20b.txt\ncomp:metadata\ntimeout:30",
            stringToSign);
        // Known answer: HMAC-SHA256 under the development key, computed independently (Python hmac).
        Assert.Equal("NYh+Vcft7IwWrRc7UL+1ZbbD9cHuTVzFUF76bwpURbc=", policy.Sign(stringToSign));
    }

    [Fact]
    public void Blob_string_to_sign_leaves_content_length_empty_for_an_empty_body()
    {
        var request = NewRequest(RequestMethod.Get, "http://127.0.0.1:10000/devstoreaccount1/c/b");
        request.Headers.SetValue("x-ms-date", Date);
        var policy = new SharedKeySigningPolicy("devstoreaccount1", Key, SharedKeyFormat.BlobQueue);

        Assert.Equal("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + Date + "\n/devstoreaccount1/devstoreaccount1/c/b", policy.BuildStringToSign(request));
    }

    [Fact]
    public void Table_string_to_sign_has_verb_md5_type_date_and_resource_with_only_comp()
    {
        var request = NewRequest(RequestMethod.Get, "https://devstoreaccount1.table.core.windows.net/mytable?timeout=5&comp=acl");
        request.Headers.SetValue("x-ms-date", Date);
        request.Headers.SetValue("x-ms-version", "2019-02-02");
        var policy = new SharedKeySigningPolicy(StorageConnectionString.DevelopmentAccountName, Key, SharedKeyFormat.Table);

        var stringToSign = policy.BuildStringToSign(request);

        Assert.Equal("GET\n\n\n" + Date + "\n/devstoreaccount1/mytable?comp=acl", stringToSign);
        Assert.Equal("+3A3NVcjIpxxpaDZPrl5mqLm+qMm40kOguPRinPWqhQ=", policy.Sign(stringToSign));
    }

    [Fact]
    public async Task The_policy_stamps_a_fresh_date_and_a_shared_key_authorization_header()
    {
        var transport = new RecordingTransport();
        var policy = new SharedKeySigningPolicy("acct", Key, SharedKeyFormat.BlobQueue);
        var pipeline = new HttpPipeline(transport, [policy]);
        var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri("https://acct.blob.core.windows.net/c/b"));

        await pipeline.SendAsync(message, CancellationToken.None);

        var sent = Assert.Single(transport.Requests);
        Assert.True(DateTimeOffset.TryParse(sent["x-ms-date"], out var date));
        Assert.InRange(date, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal($"SharedKey acct:{policy.Sign(policy.BuildStringToSign(message.Request))}", sent["Authorization"]);
    }

    [Fact]
    public void A_signature_under_another_key_differs()
    {
        var request = NewRequest(RequestMethod.Get, "https://acct.blob.core.windows.net/c/b");
        request.Headers.SetValue("x-ms-date", Date);
        var right = new SharedKeySigningPolicy("acct", Key, SharedKeyFormat.BlobQueue);
        var wrong = new SharedKeySigningPolicy("acct", new byte[64], SharedKeyFormat.BlobQueue);

        Assert.NotEqual(right.Sign(right.BuildStringToSign(request)), wrong.Sign(wrong.BuildStringToSign(request)));
    }

    private static Request NewRequest(RequestMethod method, string uri)
    {
        var request = new HttpPipeline(new RecordingTransport()).CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri(uri));
        return request;
    }

    /// <summary>Answers 200 to everything and keeps each request's headers.</summary>
    private sealed class RecordingTransport : HttpPipelineTransport
    {
        private readonly HttpClientTransport _factory = new();

        public List<Dictionary<string, string>> Requests { get; } = [];

        public override Request CreateRequest() => _factory.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Requests.Add(message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));
            message.Response = new EmptyResponse();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;
        public override string ReasonPhrase => "OK";
        public override Stream? ContentStream { get; set; }
        public override string ClientRequestId { get; set; } = string.Empty;
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, out string value) { value = string.Empty; return false; }
        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values) { values = []; return false; }
    }
}
