using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>Environments: table <c>environments</c>, team partition, unique names.</summary>
public sealed class EnvironmentRepository(IDocumentStore store, TimeProvider time)
{
    private readonly RecordTable<EnvironmentRecord> _table = new(store, "environments");

    /// <summary>A page of the team's environments.</summary>
    public Task<RecordPage<EnvironmentRecord>> ListAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        _table.ListAsync(PlatformPartitions.Team, limit, cursor, null, cancellationToken);

    /// <summary>Every environment, page by page (team-wide lookups by admin tokens).</summary>
    public async IAsyncEnumerable<EnvironmentRecord> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await ListAsync(1000, cursor, cancellationToken);
            foreach (var environment in page.Items)
            {
                yield return environment;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The environment with its ETag, or null when there is none with that id.</summary>
    public Task<Stored<EnvironmentRecord>?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _table.GetAsync(PlatformPartitions.Team, id, cancellationToken);

    /// <summary>The environment named <paramref name="name"/>, or null.</summary>
    public async Task<EnvironmentRecord?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var id = await _table.GetGuardedIdAsync(PlatformPartitions.Team, name, cancellationToken);
        return id is null ? null : (await GetAsync(id.Value, cancellationToken))?.Value;
    }

    /// <exception cref="DuplicateNameException">The name is taken.</exception>
    public async Task<EnvironmentRecord> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new EnvironmentRecord(SequentialUuid.Next(now), name, now, now);
        await _table.InsertAsync(PlatformPartitions.Team, record.Id, record, [name], $"environment '{name}'", cancellationToken);
        // A new environment has no accounts: its account lookup index is complete from the start.
        await AccountLookupIndex.MarkCompleteAsync(store, record.Id, cancellationToken);
        return record;
    }

    /// <summary>Gives the environment a new name, moving its uniqueness guard in the same batch; nothing to do when the name is unchanged.</summary>
    public async Task<EnvironmentRecord> RenameAsync(Stored<EnvironmentRecord> current, string name, CancellationToken cancellationToken)
    {
        if (current.Value.Name == name)
        {
            return current.Value;
        }

        var record = current.Value with { Name = name, UpdatedAt = time.GetUtcNow() };
        await _table.ReplaceAsync(PlatformPartitions.Team, record.Id, record, current.ETag, [name], [current.Value.Name], $"environment '{name}'", cancellationToken);
        return record;
    }
}
