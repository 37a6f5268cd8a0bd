using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Outbound webhook subscriptions: table <c>webhooks</c>, partition = environment id. The signing
/// secret is in the secret store, written before the document.
/// </summary>
public sealed class WebhookRepository(IDocumentStore store, ISecretStore secrets, TimeProvider time)
    : EnvironmentScopedRepository<WebhookRecord>(store, time, "webhooks", "webhook")
{
    /// <summary>A page of the environment's webhooks.</summary>
    public Task<RecordPage<WebhookRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        base.ListAsync(environmentId, limit, cursor, null, cancellationToken);

    /// <summary>Creates a subscription with a new random secret (a UUID), returned once.</summary>
    public async Task<(WebhookRecord Webhook, string Secret)> CreateAsync(WebhookRecord record, CancellationToken cancellationToken)
    {
        var secret = Guid.NewGuid().ToString("D");
        await secrets.SetAsync(SecretNames.WebhookSecret(record.Id), secret, cancellationToken);
        await InsertAsync(record, cancellationToken);
        return (record, secret);
    }

    /// <summary>The webhook's signing secret; null when it has none.</summary>
    public Task<string?> GetSecretAsync(Guid webhookId, CancellationToken cancellationToken) =>
        secrets.GetAsync(SecretNames.WebhookSecret(webhookId), cancellationToken);

    /// <summary>Deletes the webhook and then its secret; false when the document was already gone.</summary>
    public override async Task<bool> DeleteAsync(Stored<WebhookRecord> current, CancellationToken cancellationToken)
    {
        var deleted = await base.DeleteAsync(current, cancellationToken);
        await secrets.DeleteAsync(SecretNames.WebhookSecret(current.Value.Id), cancellationToken);
        return deleted;
    }
}
