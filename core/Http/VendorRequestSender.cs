using System.Text.Json.Nodes;

namespace Serverless.Core.Http;

/// <summary>
/// Sends an <see cref="OutboundRequest"/> on the process-wide pooled <see cref="HttpClient"/> and reads
/// the answer into a <see cref="VendorResponse"/>; no answer at all becomes a <see cref="VendorCallException"/>.
/// </summary>
public sealed class VendorRequestSender(HttpClient client)
{
    /// <exception cref="VendorCallException">Unreachable, or no answer within <paramref name="timeout"/>.</exception>
    public async Task<VendorResponse> SendAsync(OutboundRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = request.ResolveUrl();
        var uri = new Uri(url);
        using var message = new HttpRequestMessage(request.Method, uri);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        message.Content = RequestBodyWriter.Write(request.Body, request.BodyFormat, contentType);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)) headers[name] = string.Join(", ", values);
            return new VendorResponse((int)response.StatusCode, headers, ParseJson(text), text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw VendorCallException.NoAnswerWithin(uri.Authority, timeout);
        }
        catch (HttpRequestException exception)
        {
            throw VendorCallException.Unreachable(uri.Authority, exception);
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '[' && trimmed[0] != '"') ? null : VendorJson.TryParse(text);
    }
}
