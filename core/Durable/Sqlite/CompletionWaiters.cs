namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// Callers waiting for instances to finish. A completion committed by this process wakes its waiters at once;
/// one shared loop, running only while someone waits, looks every poll interval for instances finished by other
/// processes (one query for all waiters).
/// </summary>
internal sealed class CompletionWaiters(Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<string>>> finishedAmong, TimeSpan pollInterval) : IDisposable
{
    private readonly Dictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private bool _polling;

    /// <summary>Registers a wait on <paramref name="instanceId"/>; dispose the result when done waiting.</summary>
    public Registration Register(string instanceId)
    {
        lock (_lock)
        {
            if (!_waiters.TryGetValue(instanceId, out var waiter))
            {
                waiter = new Waiter();
                _waiters.Add(instanceId, waiter);
            }

            waiter.Count++;
            if (!_polling && !_disposed.IsCancellationRequested)
            {
                _polling = true;
                _ = PollAsync();
            }

            return new Registration(this, instanceId, waiter);
        }
    }

    public void Notify(string instanceId)
    {
        Waiter? waiter;
        lock (_lock)
        {
            _waiters.Remove(instanceId, out waiter);
        }

        waiter?.Done.TrySetResult();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed.IsCancellationRequested)
            {
                _disposed.Cancel();
            }
        }
    }

    private void Unregister(string instanceId, Waiter waiter)
    {
        lock (_lock)
        {
            if (--waiter.Count == 0 && _waiters.TryGetValue(instanceId, out var current) && current == waiter)
            {
                _waiters.Remove(instanceId);
            }
        }
    }

    private async Task PollAsync()
    {
        var stopping = _disposed.Token;
        while (true)
        {
            string[] ids;
            lock (_lock)
            {
                if (_waiters.Count == 0 || stopping.IsCancellationRequested)
                {
                    _polling = false;
                    return;
                }

                ids = [.. _waiters.Keys];
            }

            try
            {
                await Task.Delay(pollInterval, stopping).ConfigureAwait(false);
                foreach (var id in await finishedAmong(ids, stopping).ConfigureAwait(false))
                {
                    Notify(id);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // A failed look is retried at the next interval; waiters also re-read on their own deadline.
            }
        }
    }

    internal sealed class Waiter
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }

    internal sealed class Registration(CompletionWaiters owner, string instanceId, Waiter waiter) : IDisposable
    {
        public Task Finished => waiter.Done.Task;

        public void Dispose() => owner.Unregister(instanceId, waiter);
    }
}
