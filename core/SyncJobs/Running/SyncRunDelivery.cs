using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.SyncJobs.Runs;
using Serverless.Core.Webhooks.Outbound;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Sends a run's events to the run's webhook, signed and shaped like every delivery (<see cref="WebhookSender"/>,
/// <see cref="WebhookDeliveryHandler.WriteBody"/>). Record pages are sent as they are fetched and kept nowhere. Status
/// events are stored in the event log, recorded as a delivery of the run's webhook (visible and re-deliverable through
/// the deliveries API) and then published, so workflows and other subscribed webhooks see them too; the run's own
/// webhook, which already has its delivery, is not sent them twice.
/// </summary>
public sealed class SyncRunDelivery(
    WebhookRepository webhooks, WebhookSender sender, WebhookDeliveryStore deliveries, WebhookDispatcher dispatcher, StoredEventLog log,
    IEventPublisher publisher, WebhookDeliveryOptions options, TimeProvider time)
{
    /// <summary>Event type: the run was created.</summary>
    public const string Created = "sync_job_run:created";

    /// <summary>Event type: the run started; a 4xx answer cancels it.</summary>
    public const string Started = "sync_job_run:started";

    /// <summary>Event type: one record page, sent straight to the run's webhook and not stored.</summary>
    public const string Record = "sync_job_run:record";

    /// <summary>Event type: any other status change (rate limited, resumed, stopped).</summary>
    public const string Updated = "sync_job_run:updated";

    /// <summary>Event type: the run completed.</summary>
    public const string Completed = "sync_job_run:completed";

    /// <summary>Event type: the run failed.</summary>
    public const string Failed = "sync_job_run:failed";

    /// <summary>The webhook retry policy the deliveries follow.</summary>
    public WebhookDeliveryOptions Options => options;

    /// <summary>
    /// A failed attempt under the webhook retry policy: retry after the policy's backoff, or, after its last attempt,
    /// fail the run.
    /// </summary>
    public SyncStepResult Undelivered(string problem, int attempt) =>
        attempt >= options.MaxAttempts
            ? new(SyncOutcome.Failed, $"{problem} ({attempt} attempts)")
            : new(SyncOutcome.Undelivered, problem, options.RetryDelay(attempt + 1, Random.Shared.NextDouble()).TotalSeconds);

    /// <summary>The run's webhook with its signing secret; null when it was deleted or deactivated.</summary>
    public async Task<SyncRunTarget?> OpenAsync(SyncJobRunRecord run, CancellationToken cancellationToken)
    {
        var webhook = (await webhooks.GetAsync(run.EnvironmentId, run.WebhookId, cancellationToken))?.Value;
        if (webhook is not { IsActive: true })
        {
            return null;
        }
        var secret = await webhooks.GetSecretAsync(webhook.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The signing secret of webhook {webhook.Id} is missing.");
        return new SyncRunTarget(webhook, secret);
    }

    /// <summary>One <c>sync_job_run:record</c> event: <c>{sync_job_run_id, resource, records, page, integrated_account_id}</c>.</summary>
    public Task<WebhookDeliveryAttempt> SendPageAsync(
        SyncRunTarget target, SyncJobRunRecord run, int resourceIndex, long page, SyncVendorPage records, int attempt, ArrayBufferWriter<byte> buffer,
        CancellationToken cancellationToken)
    {
        var eventId = SyncEventIds.Record(run.Id, resourceIndex, page);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WebhookDeliveryHandler.WriteBody(writer, eventId, Record, run.EnvironmentId, run.WebhookId, time.GetUtcNow(), payload =>
            {
                payload.WriteStartObject();
                payload.WriteString("sync_job_run_id", run.Id.ToString("D"));
                payload.WriteString("resource", run.Resources[resourceIndex].Resource);
                payload.WritePropertyName("records");
                records.PageRecords.WriteTo(payload);
                payload.WriteNumber("page", page);
                payload.WriteString("integrated_account_id", run.IntegratedAccountId.ToString("D"));
                payload.WriteEndObject();
            });
        }
        return sender.SendAsync(target.Webhook.TargetUrl, target.Secret, eventId.ToString("D"), buffer.WrittenMemory, attempt, cancellationToken);
    }

    /// <summary>
    /// Sends status event <paramref name="eventId"/> (attempt <paramref name="attempt"/>) to the run's webhook when it
    /// subscribes to <paramref name="eventType"/>, records the attempt, then publishes the event. With
    /// <paramref name="queueRetries"/>, a failed attempt is retried by the webhook delivery queue (end-of-run events: the
    /// run does not wait for them); otherwise the caller retries. Null when nothing was sent to the run's webhook.
    /// </summary>
    public async Task<WebhookDeliveryAttempt?> SendStatusAsync(
        SyncRunTarget? target, SyncJobRunRecord run, string eventType, Guid eventId, int attempt, bool queueRetries, CancellationToken cancellationToken)
    {
        // Stored first: a retry resends exactly what the first attempt sent, and the deliveries API can redeliver it.
        var platformEvent = await log.GetAsync(run.EnvironmentId, eventId, cancellationToken);
        if (platformEvent is null)
        {
            var payload = (JsonObject)JsonSerializer.SerializeToNode(SyncJobRunView.From(run), PlatformJson.Options)!;
            platformEvent = new PlatformEvent(eventId, run.EnvironmentId, eventType, payload, time.GetUtcNow());
            await log.PublishAsync(platformEvent, cancellationToken);
        }

        WebhookDeliveryAttempt? sent = null;
        if (target is not null && WebhookDispatcher.Subscribes(target.Webhook, eventType))
        {
            sent = await SendRecordedAsync(target, platformEvent, attempt, queueRetries, cancellationToken);
        }
        // After the delivery record exists: the fan-out finds it and does not send the run's webhook this event again.
        await publisher.PublishAsync(platformEvent, cancellationToken);
        return sent;
    }

    private async Task<WebhookDeliveryAttempt> SendRecordedAsync(SyncRunTarget target, PlatformEvent platformEvent, int attempt, bool queueRetries, CancellationToken cancellationToken)
    {
        var webhook = target.Webhook;
        var existing = await deliveries.GetAsync(webhook.Id, platformEvent.Id, cancellationToken);
        if (existing?.Value is { Status: WebhookDelivery.Succeeded } done)
        {
            return done.Attempts[^1];
        }

        var sent = await sender.SendAsync(webhook.TargetUrl, target.Secret, platformEvent.Id.ToString("D"), WebhookDeliveryHandler.Body(platformEvent, webhook.Id), attempt, cancellationToken);
        var succeeded = sent.StatusCode is >= 200 and < 300;
        var status = succeeded ? WebhookDelivery.Succeeded : attempt >= options.MaxAttempts ? WebhookDelivery.Failed : WebhookDelivery.Pending;
        var now = time.GetUtcNow();
        if (existing is null)
        {
            var delivery = new WebhookDelivery(platformEvent.Id, webhook.Id, webhook.EnvironmentId, platformEvent.Id, platformEvent.EventType, status, [sent], null, now, now);
            if (!await deliveries.TryInsertAsync(delivery, cancellationToken))
            {
                return sent;
            }
        }
        else
        {
            await deliveries.ReplaceAsync(existing, existing.Value with { Status = status, Attempts = [.. existing.Value.Attempts, sent], UpdatedAt = now }, cancellationToken);
        }

        if (succeeded)
        {
            await deliveries.RecordSuccessAsync(webhook.Id, cancellationToken);
        }
        else if (queueRetries && status == WebhookDelivery.Pending)
        {
            await dispatcher.EnqueueAttemptAsync(
                new WebhookDeliveryMessage(webhook.EnvironmentId, webhook.Id, platformEvent.Id, attempt + 1), options.RetryDelay(attempt + 1, Random.Shared.NextDouble()), cancellationToken);
        }
        return sent;
    }
}

/// <summary>The run's webhook and its signing secret.</summary>
public sealed record SyncRunTarget(WebhookRecord Webhook, string Secret)
{
    /// <summary>Names the webhook but leaves the secret out, so that logging the target cannot leak it.</summary>
    public override string ToString() => $"SyncRunTarget {{ Webhook = {Webhook.Id} }}";
}
