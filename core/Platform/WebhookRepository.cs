using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Outbound webhook subscriptions: table <c>webhooks</c>, partition = environment id. The signing
/// secret is in the secret store, written before the document.
/// </summary>
public sealed class WebhookRepository(IDocumentStore store, ISecretStore secrets, TimeProvider time)
{
    private readonly RecordTable<WebhookRecord> _table = new(store, "webhooks");

    /// <summary>The clock that stamps <c>updated_at</c> on updates.</summary>
    public TimeProvider Time => time;

    /// <summary>A page of the environment's webhooks.</summary>
    public Task<RecordPage<WebhookRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

    /// <summary>The webhook with its ETag, or null when the environment has none with that id.</summary>
    public Task<Stored<WebhookRecord>?> GetAsync(Guid environmentId, Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Of(environmentId), id, cancellationToken);

    /// <summary>Creates a subscription with a new random secret (a UUID), returned once.</summary>
    public async Task<(WebhookRecord Webhook, string Secret)> CreateAsync(WebhookRecord record, CancellationToken cancellationToken)
    {
        var secret = Guid.NewGuid().ToString("D");
        await secrets.SetAsync(SecretNames.WebhookSecret(record.Id), secret, cancellationToken);
        await _table.InsertAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, [], "webhook", cancellationToken);
        return (record, secret);
    }

    /// <summary>The webhook's signing secret; null when it has none.</summary>
    public Task<string?> GetSecretAsync(Guid webhookId, CancellationToken cancellationToken) =>
        secrets.GetAsync(SecretNames.WebhookSecret(webhookId), cancellationToken);

    /// <summary>Stores <paramref name="changed"/> with a new <c>updated_at</c>, unless the webhook changed since <paramref name="current"/> was read.</summary>
    public async Task<WebhookRecord> UpdateAsync(Stored<WebhookRecord> current, WebhookRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "webhook", cancellationToken);
        return record;
    }

    /// <summary>Deletes the webhook and then its secret; false when the document was already gone.</summary>
    public async Task<bool> DeleteAsync(Stored<WebhookRecord> current, CancellationToken cancellationToken)
    {
        var deleted = await _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
        await secrets.DeleteAsync(SecretNames.WebhookSecret(current.Value.Id), cancellationToken);
        return deleted;
    }
}
