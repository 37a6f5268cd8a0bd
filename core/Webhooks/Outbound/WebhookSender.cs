using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Serverless.Core.Webhooks.Outbound;

/// <summary>
/// One signed POST of a delivery body to a webhook (SPEC §6): the Standard Webhooks headers and the
/// Truto-compatible signature, a per-request timeout, and the outcome as an attempt record. Shared by queued
/// deliveries and by sync job runs, which deliver their events themselves.
/// </summary>
public sealed class WebhookSender(WebhookHttpClient http, WebhookDeliveryOptions options, TimeProvider time)
{
    /// <param name="messageId">The event id: <c>webhook-id</c>, the same on every attempt so receivers can deduplicate.</param>
    public async Task<WebhookDeliveryAttempt> SendAsync(
        string targetUrl, string secret, string messageId, ReadOnlyMemory<byte> body, int attemptNumber, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var timestamp = startedAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, targetUrl) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.StandardWebhooks(secret, messageId, timestamp, body.Span));
        request.Headers.TryAddWithoutValidation("X-Truto-Signature", WebhookSignature.Truto(secret, body.Span));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return new(attemptNumber, startedAt, stopwatch.ElapsedMilliseconds, (int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(attemptNumber, startedAt, stopwatch.ElapsedMilliseconds, null, $"timed out after {options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            // The message names the host or the refused private address, never the payload or secret.
            return new(attemptNumber, startedAt, stopwatch.ElapsedMilliseconds, null, exception.Message);
        }
    }
}
