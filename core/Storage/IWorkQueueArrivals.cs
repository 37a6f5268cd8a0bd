namespace Serverless.Core.Storage;

/// <summary>
/// Optional capability of a work queue that sees its enqueues happen in this process (the embedded queue): a poller
/// waits for the next arrival instead of sleeping, so an idle queue answers a new message at once.
/// </summary>
public interface IWorkQueueArrivals
{
    /// <summary>
    /// A task that completes when the next message is enqueued to <paramref name="queue"/> by this process. Take it
    /// before a receive that may come back empty, then wait on it: an arrival in between is not missed.
    /// </summary>
    Task NextArrival(string queue);
}
