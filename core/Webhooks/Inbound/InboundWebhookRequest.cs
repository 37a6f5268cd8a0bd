namespace Serverless.Core.Webhooks.Inbound;

/// <summary>
/// A vendor's webhook request as received: header names lower-case, the body's exact bytes (signatures
/// are computed over them, so nothing may re-serialize it before verification).
/// </summary>
public sealed record InboundWebhookRequest(
    string Method, string Url, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query,
    ReadOnlyMemory<byte> RawBody, string? ContentType);
