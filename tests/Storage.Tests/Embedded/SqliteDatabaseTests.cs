using System.Collections.Concurrent;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "nested", EmbeddedStorageOptions.DatabaseFileName);

    [Fact]
    public async Task The_file_is_created_in_wal_mode_with_the_requested_synchronous_setting()
    {
        using var full = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Full);
        using var normal = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Normal);

        Assert.Equal("wal", await EmbeddedDatabaseInspection.ScalarAsync(full, "PRAGMA journal_mode;"));
        Assert.Equal(2L, await EmbeddedDatabaseInspection.ScalarAsync(full, "PRAGMA synchronous;"));
        Assert.Equal(1L, await EmbeddedDatabaseInspection.ScalarAsync(normal, "PRAGMA synchronous;"));
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Migrations_run_once_however_many_instances_open_the_file()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => new SqliteDatabase(DatabasePath)).ToList();
        try
        {
            await Task.WhenAll(instances.Select(db => Task.Run(() => new SqliteDocumentStore(db).UpsertAsync("probe", "p", "r", "{}"))));

            Assert.Equal(1L, await EmbeddedDatabaseInspection.ScalarAsync(instances[0], "SELECT COUNT(*) FROM schema_migrations;"));
            Assert.Equal(1L, await EmbeddedDatabaseInspection.ScalarAsync(instances[0], "SELECT MAX(version) FROM schema_migrations;"));
        }
        finally
        {
            instances.ForEach(db => db.Dispose());
        }
    }

    [Fact]
    public async Task Two_instances_on_one_file_write_concurrently_without_losing_updates()
    {
        using var a = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Normal);
        using var b = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Normal);
        var stores = new[] { new SqliteDocumentStore(a), new SqliteDocumentStore(b) };
        await stores[0].InsertAsync("counters", "p", "counter", """{"n":0}""");

        // Optimistic increments from both "processes": every success must be counted exactly once.
        var successes = 0;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var store = stores[worker % 2];
            for (var i = 0; i < 10; i++)
            {
                while (true)
                {
                    var doc = (await store.GetAsync("counters", "p", "counter"))!;
                    var n = System.Text.Json.Nodes.JsonNode.Parse(doc.Json)!["n"]!.GetValue<int>();
                    try
                    {
                        await store.ReplaceAsync("counters", "p", "counter", $$"""{"n":{{n + 1}}}""", doc.ETag);
                        Interlocked.Increment(ref successes);
                        break;
                    }
                    catch (DocumentConflictException)
                    {
                    }
                }
            }
        })));

        var final = await stores[1].GetAsync("counters", "p", "counter");
        Assert.Equal(60, successes);
        Assert.Equal("""{"n":60}""", final!.Json);
    }

    [Fact]
    public async Task Two_instances_on_one_file_never_hand_out_the_same_message_twice()
    {
        using var a = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Normal);
        using var b = new SqliteDatabase(DatabasePath, SqliteSynchronousMode.Normal);
        var queues = new[] { new SqliteWorkQueue(a), new SqliteWorkQueue(b) };
        for (var i = 0; i < 60; i++)
        {
            await queues[i % 2].EnqueueAsync("shared", $"m{i}");
        }

        var seen = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var queue = queues[worker % 2];
            while (await queue.ReceiveAsync("shared", 4, TimeSpan.FromMinutes(1)) is { Count: > 0 } batch)
            {
                foreach (var message in batch)
                {
                    seen.Add(message.Body);
                    await queue.CompleteAsync(message);
                }
            }
        })));

        Assert.Equal(60, seen.Count);
        Assert.Equal(60, seen.Distinct().Count());
        Assert.Equal(0L, await EmbeddedDatabaseInspection.ScalarAsync(a, "SELECT COUNT(*) FROM queue_messages;"));
    }

    [Fact]
    public async Task Concurrent_writes_share_commits_and_a_failing_write_fails_alone()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);
        await store.InsertAsync("docs", "p", "taken", "{}");

        // 200 writers at once: the ones inserting the taken key fail with a conflict, every other one is stored.
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.InsertAsync("docs", "p", i % 10 == 0 ? "taken" : $"row-{i:000}", $$"""{"i":{{i}}}""");
                return true;
            }
            catch (DocumentConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(20, results.Count(ok => !ok));
        var page = await store.QueryAsync("docs", "p", 1000);
        Assert.Equal(181, page.Documents.Count);
        Assert.Equal("{}", page.Documents.Single(d => d.RowKey == "taken").Json);
        // A failed write leaves nothing behind in the shared transaction, not even the version number it took.
        Assert.Equal(181L, await EmbeddedDatabaseInspection.ScalarAsync(database, "SELECT value FROM counters WHERE name = 'version';"));
    }

    [Fact]
    public async Task A_write_that_lost_a_race_is_answered_only_after_the_winner_in_its_group_committed()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);
        var etag = await store.InsertAsync("docs", "p", "contended", "{}");

        // Replaces of the same version at once share groups: one wins, and each loser, reading again at once, must find
        // the winner's version (answered before the commit, it would read the version it lost on, as if nothing changed).
        for (var round = 0; round < 20; round++)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run<(string? Won, string? ReadAfterLoss)>(async () =>
            {
                try
                {
                    return (await store.ReplaceAsync("docs", "p", "contended", $$"""{"round":{{round}},"i":{{i}}}""", etag), null);
                }
                catch (DocumentConflictException)
                {
                    return (null, (await store.GetAsync("docs", "p", "contended"))!.ETag);
                }
            })));

            var winner = Assert.Single(outcomes, outcome => outcome.Won is not null).Won;
            Assert.All(outcomes.Where(outcome => outcome.Won is null), outcome => Assert.Equal(winner, outcome.ReadAfterLoss));
            etag = winner!;
        }
    }

    [Fact]
    public async Task A_failing_single_statement_write_in_a_group_fails_alone_without_a_savepoint()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);
        var stale = await store.InsertAsync("docs", "p", "kept", "{}");
        await store.ReplaceAsync("docs", "p", "kept", """{"v":2}""", stale);

        // Deletes with a stale ETag (one statement, then a read) mixed with inserts and unconditional deletes.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(async () =>
        {
            try
            {
                switch (i % 3)
                {
                    case 0:
                        await store.DeleteAsync("docs", "p", "kept", stale);
                        return "deleted";
                    case 1:
                        await store.InsertAsync("docs", "p", $"new-{i:000}", "{}");
                        return "inserted";
                    default:
                        return await store.DeleteAsync("docs", "p", $"missing-{i}") ? "deleted" : "absent";
                }
            }
            catch (DocumentConflictException)
            {
                return "conflict";
            }
        })));

        Assert.Equal(50, outcomes.Count(o => o == "conflict"));
        Assert.Equal(50, outcomes.Count(o => o == "inserted"));
        Assert.Equal(50, outcomes.Count(o => o == "absent"));
        Assert.Equal("""{"v":2}""", (await store.GetAsync("docs", "p", "kept"))!.Json);
        Assert.Equal(51, (await store.QueryAsync("docs", "p", 1000)).Documents.Count);
    }

    [Fact]
    public async Task A_write_whose_caller_gave_up_before_it_ran_is_not_made()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InsertAsync("docs", "p", "r", "{}", cancelled.Token));

        Assert.Null(await store.GetAsync("docs", "p", "r"));
    }

    [Fact]
    public async Task A_write_queued_before_dispose_still_commits()
    {
        Task<string> write;
        using (var database = new SqliteDatabase(DatabasePath))
        {
            var store = new SqliteDocumentStore(database);
            await store.UpsertAsync("docs", "p", "first", "{}");
            write = store.UpsertAsync("docs", "p", "second", "{}");
        }

        await write;
        using var reopened = new SqliteDatabase(DatabasePath);
        Assert.NotNull(await new SqliteDocumentStore(reopened).GetAsync("docs", "p", "second"));
    }

    [Fact]
    public async Task ETags_are_quoted_and_increase_with_every_write()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);

        var first = await store.InsertAsync("docs", "p", "r", "{}");
        var second = await store.UpsertAsync("docs", "p", "other", "{}");
        var third = await store.ReplaceAsync("docs", "p", "r", "{}", first);

        Assert.Matches("^W/\"[0-9]+\"$", first);
        Assert.True(Version(first) < Version(second) && Version(second) < Version(third));
        await Assert.ThrowsAsync<DocumentConflictException>(() => store.ReplaceAsync("docs", "p", "r", "{}", "\"not-ours\""));

        static long Version(string etag) => long.Parse(etag[3..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_continuation_token_not_issued_by_the_store_is_refused()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new SqliteDocumentStore(database);

        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryAsync("docs", "p", 10, "%%%"));
    }

    public void Dispose() => _directory.Dispose();
}
