using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using Serverless.Core.Durable.Sqlite;
using Xunit;

namespace Serverless.Durable.Tests.Sqlite;

/// <summary>Locks of <see cref="SqliteOrchestrationService"/>: expiry, take-over, hand-back at stop and after a crash.</summary>
public sealed class SqliteLockingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("durable-locks-").FullName;

    private string DatabasePath => Path.Combine(_directory, "durable.db");

    [Fact]
    public async Task A_lock_of_a_live_process_holds_until_it_expires_and_its_late_completion_is_refused()
    {
        using var first = Service(TimeSpan.FromSeconds(1));
        using var second = Service(TimeSpan.FromSeconds(1));
        await first.CreateTaskOrchestrationAsync(StartMessage("locked"));
        // Never started: nothing renews its locks, as in a process that hangs.
        var stale = await first.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(stale);

        Assert.Null(await second.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));
        var taken = await second.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal("locked", taken.InstanceId);
        await Assert.ThrowsAsync<WorkItemLockLostException>(() => CompleteAsync(first, stale));
        Assert.Equal(0L, Count("SELECT COUNT(*) FROM history;"));
        await CompleteAsync(second, taken);
        Assert.True(Count("SELECT COUNT(*) FROM history;") > 0);
    }

    [Fact]
    public async Task A_running_process_keeps_its_locks_alive_past_the_timeout()
    {
        // Renewal runs every third of the timeout: a timeout of seconds keeps a loaded CI machine's scheduling
        // delays well inside it, and waiting over two timeouts still proves the renewals.
        using var owner = Service(TimeSpan.FromSeconds(3));
        using var other = Service(TimeSpan.FromSeconds(3));
        await owner.StartAsync();
        await owner.CreateTaskOrchestrationAsync(StartMessage("renewed"));
        var held = await owner.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);

        Assert.Null(await other.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(7), CancellationToken.None));

        await CompleteAsync(owner, held);
        await owner.StopAsync();
    }

    [Fact]
    public async Task Stopping_hands_the_locks_back_so_another_process_resumes_at_once()
    {
        using var first = Service(TimeSpan.FromMinutes(5));
        using var second = Service(TimeSpan.FromMinutes(5));
        await first.StartAsync();
        await first.CreateTaskOrchestrationAsync(StartMessage("handed-back"));
        Assert.NotNull(await first.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None));

        await first.StopAsync();

        Assert.NotNull(await second.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task The_locks_of_a_dead_process_are_taken_back_when_the_next_one_starts()
    {
        using (var crashed = Service(TimeSpan.FromMinutes(5)))
        {
            await crashed.CreateTaskOrchestrationAsync(StartMessage("orphaned"));
            Assert.NotNull(await crashed.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None));
        }

        // The lock now names a process of this machine that no longer exists.
        Execute($"UPDATE instances SET lock_owner = '{Environment.MachineName}/{int.MaxValue - 1}/0/dead';");
        using var next = Service(TimeSpan.FromMinutes(5));

        await next.StartAsync();

        var resumed = await next.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(resumed);
        Assert.Equal("orphaned", resumed.InstanceId);
        await next.StopAsync();
    }

    [Fact]
    public async Task An_activity_completion_is_one_transaction_with_its_result_message()
    {
        using var service = Service(TimeSpan.FromSeconds(30));
        await service.CreateTaskOrchestrationAsync(StartMessage("activity"));
        var episode = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(episode);
        var scheduled = new TaskMessage { Event = new TaskScheduledEvent(0, "Work", "", "\"in\""), OrchestrationInstance = episode.NewMessages[0].OrchestrationInstance };
        await CompleteAsync(service, episode, scheduled);
        var activity = await service.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(activity);
        Assert.Equal("Work", ((TaskScheduledEvent)activity.TaskMessage.Event).Name);

        await service.CompleteTaskActivityWorkItemAsync(activity, new TaskMessage
        {
            Event = new TaskCompletedEvent(-1, 0, "\"out\""),
            OrchestrationInstance = activity.TaskMessage.OrchestrationInstance,
        });

        Assert.Equal(0L, Count("SELECT COUNT(*) FROM activities;"));
        var next = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(next);
        var completed = Assert.IsType<TaskCompletedEvent>(Assert.Single(next.NewMessages).Event);
        Assert.Equal("\"out\"", completed.Result);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private SqliteOrchestrationService Service(TimeSpan lockTimeout) =>
        new(new SqliteOrchestrationServiceOptions { DatabasePath = DatabasePath, LockTimeout = lockTimeout, PollInterval = TimeSpan.FromMilliseconds(100) });

    private static TaskMessage StartMessage(string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage { Event = new ExecutionStartedEvent(-1, "null") { Name = "Test", Version = "", OrchestrationInstance = instance }, OrchestrationInstance = instance };
    }

    /// <summary>Completes an episode as the sidecar does: the new events, then what they send.</summary>
    private static Task CompleteAsync(SqliteOrchestrationService service, TaskOrchestrationWorkItem workItem, params TaskMessage[] activities)
    {
        var state = workItem.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in workItem.NewMessages)
        {
            state.AddEvent(message.Event);
        }

        foreach (var activity in activities)
        {
            state.AddEvent(activity.Event);
        }

        state.AddEvent(new OrchestratorCompletedEvent(-1));
        var status = new OrchestrationState
        {
            OrchestrationInstance = state.OrchestrationInstance,
            Name = state.Name,
            OrchestrationStatus = OrchestrationStatus.Running,
            CreatedTime = state.CreatedTime,
        };
        return service.CompleteTaskOrchestrationWorkItemAsync(workItem, state, activities, [], [], null, status);
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
