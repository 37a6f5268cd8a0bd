using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>
/// Outbound webhook subscriptions: table <c>webhooks</c>, partition = environment id. The signing
/// secret is in the secret store, written before the document.
/// </summary>
public sealed class WebhookRepository(IDocumentStore store, ISecretStore secrets, TimeProvider time)
{
    private readonly RecordTable<WebhookRecord> _table = new(store, "webhooks");

    public TimeProvider Time => time;

    public Task<RecordPage<WebhookRecord>> ListAsync(Guid environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Of(environmentId), limit, cursor, null, cancellationToken);

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

    public Task<string?> GetSecretAsync(Guid webhookId, CancellationToken cancellationToken) =>
        secrets.GetAsync(SecretNames.WebhookSecret(webhookId), cancellationToken);

    public async Task<WebhookRecord> UpdateAsync(Stored<WebhookRecord> current, WebhookRecord changed, CancellationToken cancellationToken)
    {
        var record = changed with { UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Of(record.EnvironmentId), record.Id, record, current.ETag, [], [], "webhook", cancellationToken);
        return record;
    }

    public async Task<bool> DeleteAsync(Stored<WebhookRecord> current, CancellationToken cancellationToken)
    {
        var deleted = await _table.DeleteAsync(PlatformPartitions.Of(current.Value.EnvironmentId), current.Value.Id, current.ETag, [], cancellationToken);
        await secrets.DeleteAsync(SecretNames.WebhookSecret(current.Value.Id), cancellationToken);
        return deleted;
    }
}
