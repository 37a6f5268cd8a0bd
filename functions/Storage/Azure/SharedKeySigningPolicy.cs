using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Signs each request attempt with the account key (Authorization: SharedKey account:signature), stamping a
/// fresh <c>x-ms-date</c> so that retries are not rejected as stale.
/// </summary>
public sealed class SharedKeySigningPolicy(string accountName, byte[] accountKey, SharedKeyFormat format) : HttpPipelineSynchronousPolicy
{
    private readonly byte[] _accountKey = (byte[])accountKey.Clone();

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        var stringToSign = BuildStringToSign(request);
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{Sign(stringToSign)}");
    }

    /// <summary>The HMAC-SHA256 of <paramref name="stringToSign"/> under the account key, base64.</summary>
    public string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The string-to-sign of the documented Shared Key scheme for this service.</summary>
    public string BuildStringToSign(Request request)
    {
        var uri = request.Uri.ToUri();
        return format == SharedKeyFormat.Table ? TableStringToSign(request, uri) : BlobQueueStringToSign(request, uri);
    }

    private string TableStringToSign(Request request, Uri uri)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.Method).Append('\n');
        builder.Append(Header(request, "Content-MD5")).Append('\n');
        builder.Append(Header(request, "Content-Type")).Append('\n');
        builder.Append(Header(request, "x-ms-date")).Append('\n');
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        foreach (var (name, value) in QueryParameters(uri))
        {
            if (name == "comp")
            {
                builder.Append("?comp=").Append(value);
            }
        }

        return builder.ToString();
    }

    private string BlobQueueStringToSign(Request request, Uri uri)
    {
        var contentLength = request.Content is { } content && content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
        var builder = new StringBuilder();
        builder.Append(request.Method.Method).Append('\n');
        builder.Append(Header(request, "Content-Encoding")).Append('\n');
        builder.Append(Header(request, "Content-Language")).Append('\n');
        builder.Append(contentLength).Append('\n');
        builder.Append(Header(request, "Content-MD5")).Append('\n');
        builder.Append(Header(request, "Content-Type")).Append('\n');
        builder.Append('\n'); // Date: x-ms-date is always set and signed among the x-ms-* headers instead.
        builder.Append(Header(request, "If-Modified-Since")).Append('\n');
        builder.Append(Header(request, "If-Match")).Append('\n');
        builder.Append(Header(request, "If-None-Match")).Append('\n');
        builder.Append(Header(request, "If-Unmodified-Since")).Append('\n');
        builder.Append(Header(request, "Range")).Append('\n');

        var msHeaders = new List<(string Name, string Value)>();
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                msHeaders.Add((header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        msHeaders.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = QueryParameters(uri)
            .GroupBy(p => p.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            var values = group.Select(p => p.Value).Order(StringComparer.Ordinal);
            builder.Append('\n').Append(group.Key).Append(':').AppendJoin(',', values);
        }

        return builder.ToString();
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

    private static IEnumerable<(string Name, string Value)> QueryParameters(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            yield break;
        }

        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name).ToLowerInvariant(), Uri.UnescapeDataString(value));
        }
    }
}
