using System.Collections.Concurrent;
using Azure;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Remembers which tables, queues or containers exist so that each is created once per process, on first use;
/// a failed creation is forgotten and retried by the next caller. One deleted behind a running store (or lost by
/// an in-memory emulator restart) is created again by the next use instead of failing every call.
/// </summary>
internal sealed class CreatedOnFirstUse(Func<string, Task> create)
{
    // The service's error codes for a missing table, queue or container.
    private static readonly string[] MissingResourceCodes = ["TableNotFound", "QueueNotFound", "ContainerNotFound"];

    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="operation"/> on the resource <paramref name="name"/>, created first if this process has
    /// not seen it yet; when the service says it is missing, creates it again and runs the operation once more.
    /// </summary>
    public async Task<T> UseAsync<T>(string name, Func<Task<T>> operation)
    {
        await EnsureAsync(name).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (MissingResourceCodes.Contains(exception.ErrorCode))
        {
            _created.TryRemove(name, out _);
            await EnsureAsync(name).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
    }

    private Task EnsureAsync(string name)
    {
        // Creation is shared by concurrent callers, so it deliberately ignores any one caller's cancellation.
        var creation = _created.GetOrAdd(name, create);
        return creation.IsCompletedSuccessfully ? Task.CompletedTask : AwaitCreation(name, creation);
    }

    private async Task AwaitCreation(string name, Task creation)
    {
        try
        {
            await creation.ConfigureAwait(false);
        }
        catch
        {
            _created.TryRemove(KeyValuePair.Create(name, creation));
            throw;
        }
    }
}
