using Serverless.Core.Storage;

namespace Serverless.Core.Platform;

/// <summary>The team a deployment serves; team-level objects answer its id as <c>team_id</c>.</summary>
internal sealed record TeamRecord(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// The deployment's one team: table <c>teams</c>, created on first use. Concurrent first uses race on
/// one uniqueness guard, so every process ends up with the same id.
/// </summary>
public sealed class TeamRepository(IDocumentStore store, TimeProvider time)
{
    private const string Singleton = "team";
    private readonly RecordTable<TeamRecord> _table = new(store, "teams");
    private Guid? _cached;

    /// <summary>The team's id, creating the team on first use; remembered after the first call.</summary>
    public async Task<Guid> GetIdAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } known) return known;
        var id = await _table.GetGuardedIdAsync(PlatformPartitions.Team, Singleton, cancellationToken);
        if (id is null)
        {
            var now = time.GetUtcNow();
            var team = new TeamRecord(SequentialUuid.Next(now), now, now);
            try
            {
                await _table.InsertAsync(PlatformPartitions.Team, team.Id, team, [Singleton], "the team", cancellationToken);
                id = team.Id;
            }
            catch (DuplicateNameException)
            {
                id = await _table.GetGuardedIdAsync(PlatformPartitions.Team, Singleton, cancellationToken);
            }
        }

        _cached = id ?? throw new InvalidOperationException("the team record could not be read back");
        return _cached.Value;
    }
}
