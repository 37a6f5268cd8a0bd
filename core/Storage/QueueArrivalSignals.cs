using System.Collections.Concurrent;

namespace Serverless.Core.Storage;

/// <summary>One pending signal per queue name, completed and replaced by each arrival (see <see cref="IWorkQueueArrivals"/>).</summary>
internal sealed class QueueArrivalSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    public Task Next(string queue) =>
        _next.GetOrAdd(queue, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Arrived(string queue)
    {
        if (_next.TryRemove(queue, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
