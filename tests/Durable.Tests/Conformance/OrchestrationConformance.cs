using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Durable.Tests.Infrastructure;
using Xunit;

namespace Serverless.Durable.Tests.Conformance;

/// <summary>
/// What every backend of the engine must do, through the real sidecar, worker and client: each derived class runs
/// the whole suite against one backend.
/// </summary>
public abstract class OrchestrationConformance
{
    /// <summary>How long one orchestration may take before the test fails (Azurite polls its queues).</summary>
    protected virtual TimeSpan Patience => TimeSpan.FromSeconds(90);

    protected abstract Task<DurableEngine> EngineAsync();

    [Fact]
    public async Task A_sequence_of_activities_runs_in_order()
    {
        var metadata = await RunAsync("Sequence", 5);

        Assert.Equal("0,1,2,3,4", metadata.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Fan_out_to_a_hundred_activities_fans_in_every_result()
    {
        var metadata = await RunAsync("FanOut", 100);

        Assert.Equal(Enumerable.Range(0, 100).Sum(i => (long)i * i), metadata.ReadOutputAs<long>());
    }

    [Fact]
    public async Task A_durable_timer_fires_no_earlier_than_its_time()
    {
        var started = Stopwatch.StartNew();
        var metadata = await RunAsync("Timer", 1500);

        Assert.Equal("fired", metadata.ReadOutputAs<string>());
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(1500), $"the timer fired after {started.Elapsed}");
    }

    [Fact]
    public async Task An_external_event_is_delivered_to_a_waiting_orchestration()
    {
        var client = (await EngineAsync()).Client;
        var id = await StartAsync(client, "WaitForApproval", 120_000);
        await client.WaitForInstanceStartAsync(id, Timeout());

        await client.RaiseEventAsync(id, ConformanceTasks.ApprovalEvent, "yes");

        var metadata = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal("got:yes", metadata.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Waiting_for_an_event_that_never_comes_times_out()
    {
        var metadata = await RunAsync("WaitForApproval", 1000);

        Assert.Equal("timeout", metadata.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestrations_return_their_results_to_the_parent()
    {
        var metadata = await RunAsync("Parent", 3);

        // Children return i*i + 1 for i = 0, 1, 2.
        Assert.Equal(1 + 2 + 5, metadata.ReadOutputAs<long>());
        var child = await (await EngineAsync()).Client.GetInstanceAsync(metadata.InstanceId + "-child2", getInputsAndOutputs: true);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(5, child.ReadOutputAs<long>());
    }

    [Fact]
    public async Task Continue_as_new_runs_a_thousand_generations()
    {
        var metadata = await RunAsync("Counter", new ConformanceTasks.CounterInput(0, 1000));

        Assert.Equal(1000, metadata.ReadOutputAs<int>());
        Assert.Equal(new ConformanceTasks.CounterInput(1000, 1000), metadata.ReadInputAs<ConformanceTasks.CounterInput>());
    }

    [Fact]
    public async Task A_failing_activity_is_retried_by_its_retry_policy()
    {
        var metadata = await RunAsync("Retry", new ConformanceTasks.FlakyRun(Failures: 2, MaxAttempts: 3));

        Assert.Equal(3, metadata.ReadOutputAs<int>());
        Assert.Equal(3, ConformanceTasks.FlakyAttempts[metadata.InstanceId]);
    }

    [Fact]
    public async Task An_activity_failing_every_attempt_fails_the_orchestration_with_its_error()
    {
        var metadata = await RunAsync("Retry", new ConformanceTasks.FlakyRun(Failures: 5, MaxAttempts: 2), OrchestrationRuntimeStatus.Failed);

        Assert.Equal(2, ConformanceTasks.FlakyAttempts[metadata.InstanceId]);
        // SQLite keeps the failure details; the Azure Storage provider keeps their text as the output.
        Assert.Contains("flaky failure 2", metadata.FailureDetails?.ToString() ?? metadata.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminating_a_running_orchestration_ends_it_with_the_reason()
    {
        var client = (await EngineAsync()).Client;
        var id = await StartAsync(client, "WaitForApproval", 600_000);
        await client.WaitForInstanceStartAsync(id, Timeout());

        await client.TerminateInstanceAsync(id, "stopped by test");

        var metadata = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, metadata.RuntimeStatus);
        Assert.Equal("stopped by test", metadata.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purging_a_finished_instance_deletes_it()
    {
        var client = (await EngineAsync()).Client;
        var metadata = await RunAsync("Sequence", 1);

        var purged = await client.PurgeInstanceAsync(metadata.InstanceId);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await client.GetInstanceAsync(metadata.InstanceId));
        Assert.Equal(0, (await client.PurgeInstanceAsync(metadata.InstanceId)).PurgedInstanceCount);
    }

    [Fact]
    public async Task Purging_by_filter_deletes_the_finished_instances_created_in_the_window()
    {
        var client = (await EngineAsync()).Client;
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var finished = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            finished.Add((await RunAsync("Sequence", 1)).InstanceId);
        }

        var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, DateTimeOffset.UtcNow.AddSeconds(1), [OrchestrationRuntimeStatus.Completed]));

        Assert.True(purged.PurgedInstanceCount >= 3, $"purged {purged.PurgedInstanceCount}");
        foreach (var id in finished)
        {
            Assert.Null(await client.GetInstanceAsync(id));
        }
    }

    [Fact]
    public async Task Status_queries_filter_by_status_and_id_prefix_and_page()
    {
        var client = (await EngineAsync()).Client;
        var prefix = "query-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var running = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await StartAsync(client, "WaitForApproval", 600_000, prefix + "running" + i);
            await client.WaitForInstanceStartAsync(id, Timeout());
            running.Add(id);
        }

        var completed = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            completed.Add((await RunAsync("Sequence", 1, id: prefix + "done" + i)).InstanceId);
        }

        Assert.Equal(running, await QueryIdsAsync(client, prefix, OrchestrationRuntimeStatus.Running));
        Assert.Equal(completed, await QueryIdsAsync(client, prefix, OrchestrationRuntimeStatus.Completed));
        Assert.Equal(completed.Concat(running).Order(StringComparer.Ordinal), await QueryIdsAsync(client, prefix, null, pageSize: 2));

        var one = await client.GetInstanceAsync(completed[0], getInputsAndOutputs: true);
        Assert.NotNull(one);
        Assert.Equal("Sequence", one.Name);
        Assert.Equal(1, one.ReadInputAs<int>());
        Assert.Equal("0", one.ReadOutputAs<string>());
        Assert.True(one.CreatedAt <= one.LastUpdatedAt);

        foreach (var id in running)
        {
            await client.TerminateInstanceAsync(id, "cleanup");
        }
    }

    [Fact]
    public async Task Large_inputs_and_outputs_pass_through_activities_intact()
    {
        var text = string.Create(1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i * 7 % 26));
            }
        });

        var metadata = await RunAsync("EchoLarge", text);

        Assert.Equal(text + "!", metadata.ReadOutputAs<string>());
    }

    protected async Task<OrchestrationMetadata> RunAsync<TInput>(string name, TInput input, OrchestrationRuntimeStatus expected = OrchestrationRuntimeStatus.Completed, string? id = null)
    {
        var client = (await EngineAsync()).Client;
        var instanceId = await StartAsync(client, name, input, id);
        var metadata = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Timeout());
        Assert.True(expected == metadata.RuntimeStatus, $"{name} {instanceId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails}");
        return metadata;
    }

    protected CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    private static Task<string> StartAsync<TInput>(DurableTaskClient client, string name, TInput input, string? id = null) =>
        client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions { InstanceId = id ?? $"{name}-{Guid.NewGuid():N}" });

    private static async Task<List<string>> QueryIdsAsync(DurableTaskClient client, string prefix, OrchestrationRuntimeStatus? status, int pageSize = 100)
    {
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = pageSize, Statuses = status is { } s ? [s] : null };
        var ids = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query))
        {
            ids.Add(instance.InstanceId);
        }

        return ids.Order(StringComparer.Ordinal).ToList();
    }
}
