namespace Serverless.Core.Webhooks.Outbound;

/// <summary>The pooled client deliveries are sent with (built by <c>OutboundTargetGuard.CreateClient</c>, so private targets are refused unless allowed).</summary>
public sealed record WebhookHttpClient(HttpClient Client);
