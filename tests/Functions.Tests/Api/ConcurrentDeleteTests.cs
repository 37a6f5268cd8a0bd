using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Two deletes of one object that both read it before either deleted it: one answers 200, the other 404 ("already
/// gone"), on the embedded SQLite store as on Azure Table storage (a batch delete of a missing row fails on both).
/// </summary>
public sealed class ConcurrentDeleteTests
{
    [Fact]
    public async Task Of_two_deletes_that_both_read_the_object_one_answers_200_and_the_other_404_on_SQLite()
    {
        var meeting = new DeleteMeeting("webhooks");
        await using var server = await PlatformServer.StartAsync(configureServices: services =>
            services.AddSingleton<IDocumentStore>(provider => new MeetingDocumentStore(provider.GetRequiredService<SqliteDocumentStore>(), meeting)));
        var (_, client) = await TestData.NewEnvironmentAsync(server);
        var created = (await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = "https://hooks.example.com/in" })).Expect(HttpStatusCode.Created);
        var path = $"/webhook/{TestData.Id(created)}";

        var answers = await Task.WhenAll(client.DeleteJsonAsync(path), client.DeleteJsonAsync(path));

        Assert.True(meeting.Met, "the two deletes did not both reach the store");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], answers.Select(answer => answer.Status).Order());
        var gone = answers.Single(answer => answer.Status == HttpStatusCode.NotFound).ExpectError(HttpStatusCode.NotFound);
        Assert.Contains(TestData.Id(created), gone, StringComparison.Ordinal);
        (await client.GetJsonAsync(path)).ExpectError(HttpStatusCode.NotFound);
    }

    /// <summary>Holds the first batch deleting from <paramref name="table"/> until a second one arrives: both requests read before either deletes.</summary>
    private sealed class DeleteMeeting(string table)
    {
        private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public bool Met => _second.Task.IsCompletedSuccessfully;

        public async Task ArriveAsync(string batchTable, IReadOnlyList<DocumentOperation> operations)
        {
            if (batchTable != table || !operations.Any(operation => operation.Kind == DocumentOperationKind.Delete))
            {
                return;
            }

            switch (Interlocked.Increment(ref _arrived))
            {
                case 1:
                    await _second.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    break;
                case 2:
                    _second.SetResult();
                    break;
            }
        }
    }

    /// <summary>The server's real SQLite store; its batches first pass <see cref="DeleteMeeting"/>.</summary>
    private sealed class MeetingDocumentStore(IDocumentStore inner, DeleteMeeting meeting) : IDocumentStore
    {
        public async Task<IReadOnlyList<string?>> ExecuteBatchAsync(string table, string partitionKey, IReadOnlyList<DocumentOperation> operations, CancellationToken cancellationToken = default)
        {
            await meeting.ArriveAsync(table, operations);
            return await inner.ExecuteBatchAsync(table, partitionKey, operations, cancellationToken);
        }

        public Task<StoredDocument?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

        public Task<string> InsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            inner.InsertAsync(table, partitionKey, rowKey, json, cancellationToken);

        public Task<string> ReplaceAsync(string table, string partitionKey, string rowKey, string json, string etag, CancellationToken cancellationToken = default) =>
            inner.ReplaceAsync(table, partitionKey, rowKey, json, etag, cancellationToken);

        public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);

        public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(table, partitionKey, rowKey, etag, cancellationToken);

        public Task<DocumentPage> QueryAsync(string table, string partitionKey, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(table, partitionKey, maxCount, continuationToken, cancellationToken);

        public Task<DocumentPage> QueryPrefixAsync(string table, string partitionKey, string rowKeyPrefix, int maxCount, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            inner.QueryPrefixAsync(table, partitionKey, rowKeyPrefix, maxCount, continuationToken, cancellationToken);
    }
}
