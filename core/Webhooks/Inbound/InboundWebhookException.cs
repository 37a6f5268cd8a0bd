namespace Serverless.Core.Webhooks.Inbound;

/// <summary>An inbound webhook refused with <see cref="StatusCode"/> (401 bad signature, 404 unknown target, 400 bad payload); nothing was emitted.</summary>
public sealed class InboundWebhookException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
