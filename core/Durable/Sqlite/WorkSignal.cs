namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// Wakes the waiters of one kind of work (orchestration messages, activities, completions) when this process
/// writes some. A waiter takes <see cref="Next"/> before looking for work, so a notification that arrives
/// while it looks is not missed.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
