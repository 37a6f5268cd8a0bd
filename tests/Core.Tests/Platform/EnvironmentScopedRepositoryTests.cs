using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Core.Storage.Embedded;
using Serverless.Core.SyncJobs;
using Serverless.Core.Workflows;
using Serverless.Core.Workflows.Runs;
using Xunit;

namespace Serverless.Core.Tests.Platform;

/// <summary>
/// The base of the environment-scoped repositories, through the repositories that use it, over the embedded store:
/// environment isolation, the record's name in every message, <c>updated_at</c> stamped on replace, conditional writes.
/// </summary>
public sealed class EnvironmentScopedRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("scoped-repository-tests-").FullName;
    private readonly SqliteDatabase _database;
    private readonly SyncJobRepository _jobs;
    private readonly WebhookRepository _webhooks;
    private readonly WorkflowRunRepository _workflowRuns;
    private readonly Guid _environmentId = Guid.CreateVersion7();

    public EnvironmentScopedRepositoryTests()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "store.db"));
        var store = new SqliteDocumentStore(_database);
        _jobs = new SyncJobRepository(store, TimeProvider.System);
        _webhooks = new WebhookRepository(store, new EncryptedSecretStore(_database, new byte[32]), TimeProvider.System);
        _workflowRuns = new WorkflowRunRepository(store, TimeProvider.System);
    }

    [Fact]
    public async Task A_record_is_missing_from_every_other_environment()
    {
        var job = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);
        var other = Guid.CreateVersion7();

        Assert.NotNull(await _jobs.GetAsync(_environmentId, job.Id, default));
        Assert.Null(await _jobs.GetAsync(other, job.Id, default));
        Assert.Empty((await _jobs.ListAsync(other, 10, null, (string?)null, default)).Items);
        var missing = await Assert.ThrowsAsync<ApiException>(() => _jobs.GetRequiredAsync(other, job.Id, default));
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal($"sync job {job.Id} not found", missing.Message);
    }

    [Fact]
    public async Task Listing_by_integration_name_keeps_only_that_integrations_jobs_in_creation_order()
    {
        var first = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);
        await _jobs.CreateAsync(NewJob(_environmentId, "helpdesk"), default);
        var third = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);

        var page = await _jobs.ListAsync(_environmentId, 10, null, "crm", default);

        Assert.Equal([first.Id, third.Id], page.Items.Select(job => job.Id));
        Assert.Equal(3, (await _jobs.ListAsync(_environmentId, 10, null, (string?)null, default)).Items.Count);
    }

    [Fact]
    public async Task Replace_stamps_updated_at_and_refuses_the_version_it_replaced()
    {
        var job = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);
        var read = (await _jobs.GetAsync(_environmentId, job.Id, default))!;
        var before = DateTimeOffset.UtcNow;

        var replaced = await _jobs.ReplaceAsync(read, read.Value with { IntegrationName = "helpdesk" }, default);

        Assert.InRange(replaced.Value.UpdatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(LongAgo, replaced.Value.CreatedAt);
        Assert.NotEqual(read.ETag, replaced.ETag);
        var reread = (await _jobs.GetAsync(_environmentId, job.Id, default))!;
        Assert.Equal((replaced.ETag, "helpdesk"), (reread.ETag, reread.Value.IntegrationName));
        // Stored to the millisecond.
        Assert.InRange(reread.Value.UpdatedAt, before.AddMilliseconds(-1), replaced.Value.UpdatedAt);
        var stale = await Assert.ThrowsAsync<StaleVersionException>(() => _jobs.ReplaceAsync(read, read.Value, default));
        Assert.Equal("sync job was changed concurrently; read it again", stale.Message);
    }

    [Fact]
    public async Task A_taken_id_is_refused_with_the_records_name()
    {
        var job = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);

        var duplicate = await Assert.ThrowsAsync<DuplicateNameException>(() => _jobs.CreateAsync(job, default));
        Assert.Equal("sync job already exists", duplicate.Message);

        var run = NewWorkflowRun(_environmentId);
        Assert.NotNull(await _workflowRuns.TryCreateAsync(run, default));
        Assert.Null(await _workflowRuns.TryCreateAsync(run, default));
    }

    [Fact]
    public async Task Deleting_a_version_that_changed_since_it_was_read_is_refused()
    {
        var job = await _jobs.CreateAsync(NewJob(_environmentId, "crm"), default);
        var read = (await _jobs.GetAsync(_environmentId, job.Id, default))!;
        await _jobs.ReplaceAsync(read, read.Value with { IntegrationName = "helpdesk" }, default);

        await Assert.ThrowsAsync<StaleVersionException>(() => _jobs.DeleteAsync(read, default));

        Assert.NotNull(await _jobs.GetAsync(_environmentId, job.Id, default));
    }

    [Fact]
    public async Task Deleting_a_webhook_removes_it_and_then_its_secret()
    {
        var (webhook, secret) = await _webhooks.CreateAsync(new WebhookRecord(Guid.CreateVersion7(), _environmentId, "https://hooks.example.com/x", [], true, LongAgo, LongAgo), default);
        var stored = (await _webhooks.GetAsync(_environmentId, webhook.Id, default))!;
        Assert.Equal(secret, await _webhooks.GetSecretAsync(webhook.Id, default));

        Assert.True(await _webhooks.DeleteAsync(stored, default));

        Assert.Null(await _webhooks.GetAsync(_environmentId, webhook.Id, default));
        Assert.Null(await _webhooks.GetSecretAsync(webhook.Id, default));
        var missing = await Assert.ThrowsAsync<ApiException>(() => _webhooks.GetRequiredAsync(_environmentId, webhook.Id, default));
        Assert.Equal($"webhook {webhook.Id} not found", missing.Message);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static SyncJobRecord NewJob(Guid environmentId, string integrationName) =>
        new(SequentialUuid.Next(DateTimeOffset.UtcNow), environmentId, integrationName, [new SyncJobResource("users")], null, LongAgo, LongAgo);

    private static WorkflowRunRecord NewWorkflowRun(Guid environmentId) =>
        new(Guid.CreateVersion7(), environmentId, Guid.CreateVersion7(), Guid.CreateVersion7(), "integrated_account:active", "label",
            new WorkflowConfig(null, []), new JsonObject(), WorkflowRunStatus.Running, [], LongAgo, LongAgo);
}
