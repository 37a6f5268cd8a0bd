using System.Collections.Concurrent;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// Remembers which tables, queues or containers exist so that each is created once per process,
/// on first use; a failed creation is forgotten and retried by the next caller.
/// </summary>
public sealed class CreatedOnFirstUse(Func<string, Task> create)
{
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.Ordinal);

    public Task EnsureAsync(string name)
    {
        // Creation is shared by concurrent callers, so it deliberately ignores any one caller's cancellation.
        var creation = _created.GetOrAdd(name, create);
        return creation.IsCompletedSuccessfully ? Task.CompletedTask : AwaitCreation(name, creation);
    }

    /// <summary>Forgets a name whose resource turned out to be missing, so that the next use creates it again.</summary>
    public void Forget(string name) => _created.TryRemove(name, out _);

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
