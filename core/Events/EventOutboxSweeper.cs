using Serverless.Core.Triggers;

namespace Serverless.Core.Events;

/// <summary>
/// Timer function <c>EventOutboxSweep</c>: re-enqueues events left with an outbox marker by earlier versions, which
/// stored the event before enqueueing it (the process died in between, or the message was poisoned). Events
/// published now carry themselves in their queued message and leave no marker. Fan-out is idempotent, so
/// sweeping an event that is merely slow only costs a duplicate message.
/// </summary>
public sealed class EventOutboxSweeper(EventOutbox outbox, TimeProvider time) : ITimerTriggerHandler
{
    /// <summary>Markers younger than this are left to the message already on its way.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(1);

    /// <summary>The function's name, a constant for the Function App's <c>[Function]</c> attribute.</summary>
    public const string Name = "EventOutboxSweep";

    /// <summary>Every minute, at second 0.</summary>
    public const string EveryMinute = "0 * * * * *";

    private const int BatchSize = 500;

    /// <inheritdoc/>
    public string FunctionName => Name;

    /// <inheritdoc/>
    public string Schedule => EveryMinute;

    /// <inheritdoc/>
    public Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken) => SweepAsync(GracePeriod, cancellationToken);

    /// <returns>How many events were re-enqueued.</returns>
    public async Task<int> SweepAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - olderThan;
        var swept = 0;
        foreach (var pending in await outbox.ListPendingAsync(BatchSize, cancellationToken))
        {
            if (pending.PublishedAt <= cutoff)
            {
                await outbox.EnqueueAsync(pending.Message, cancellationToken);
                swept++;
            }
        }
        return swept;
    }
}
