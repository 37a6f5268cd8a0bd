using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Storage.Tests.Azure;
using Serverless.Storage.Tests.Contracts;
using Serverless.Storage.Tests.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Platform;

/// <summary>
/// Deleting and renaming records through <see cref="RecordTable{T}"/> behave alike on every document store, now that a
/// batch delete of a missing row fails the batch on each: a record deleted since it was read is reported gone, while a
/// uniqueness guard already gone is released quietly and never keeps its record from being deleted or renamed.
/// </summary>
public abstract class RecordTableContract
{
    private const string Partition = "t";

    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task A_record_deleted_since_it_was_read_is_reported_gone()
    {
        var (records, id, etag) = await InsertAsync("alpha");

        Assert.True(await records.DeleteAsync(Partition, id, etag, ["alpha"], default));
        Assert.False(await records.DeleteAsync(Partition, id, etag, ["alpha"], default));
    }

    [Fact]
    public async Task A_guard_already_gone_does_not_keep_its_record_from_being_deleted()
    {
        var (records, id, etag) = await InsertAsync("alpha", "beta");
        await Store.DeleteAsync(records.Table, Partition, RecordTable<Thing>.GuardKey("alpha"));

        Assert.True(await records.DeleteAsync(Partition, id, etag, ["alpha", "beta"], default));

        Assert.Null(await records.GetAsync(Partition, id, default));
        Assert.Null(await records.GetGuardedIdAsync(Partition, "beta", default));
    }

    [Fact]
    public async Task A_guard_already_gone_does_not_keep_its_record_from_being_renamed()
    {
        var (records, id, etag) = await InsertAsync("alpha");
        await Store.DeleteAsync(records.Table, Partition, RecordTable<Thing>.GuardKey("alpha"));

        var renamed = await records.ReplaceAsync(Partition, id, new Thing(id, "gamma"), etag, ["gamma"], ["alpha"], "thing", default);

        Assert.Equal(renamed, (await records.GetAsync(Partition, id, default))?.ETag);
        Assert.Equal(id, await records.GetGuardedIdAsync(Partition, "gamma", default));
    }

    [Fact]
    public async Task Renaming_a_record_deleted_since_it_was_read_is_a_stale_version()
    {
        var (records, id, etag) = await InsertAsync("alpha");
        Assert.True(await records.DeleteAsync(Partition, id, etag, ["alpha"], default));

        await Assert.ThrowsAsync<StaleVersionException>(() =>
            records.ReplaceAsync(Partition, id, new Thing(id, "gamma"), etag, ["gamma"], ["alpha"], "thing", default));
        Assert.Null(await records.GetGuardedIdAsync(Partition, "gamma", default));
    }

    private async Task<(RecordTable<Thing> Records, Guid Id, string ETag)> InsertAsync(params string[] names)
    {
        var records = new RecordTable<Thing>(Store, UniqueNames.Table());
        var id = Guid.CreateVersion7();
        var etag = await records.InsertAsync(Partition, id, new Thing(id, names[0]), names, "thing", default);
        return (records, id, etag);
    }

    public sealed record Thing(Guid Id, string Name);
}

public sealed class SqliteRecordTableTests(EmbeddedDatabaseFixture fixture) : RecordTableContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override IDocumentStore Store { get; } = new SqliteDocumentStore(fixture.Database);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableRecordTableTests(AzuriteFixture azurite) : RecordTableContract
{
    protected override IDocumentStore Store { get; } = new Serverless.Functions.Storage.Azure.AzureTableDocumentStore(azurite.Clients.Tables);
}
