using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Core.Triggers;
using Serverless.Functions.FunctionApp.Triggers;
using Serverless.Functions.Tests.Hosting;
using Xunit;
using WorkQueueMessage = Serverless.Core.Storage.QueueMessage;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The seam between the Function App's trigger functions and the handlers: what the host hands over (a queue
/// message with its metadata, a timer info) reaches the handler registered under the function's name.
/// </summary>
public sealed class TriggerRunnerTests : IAsyncLifetime
{
    private FunctionAppHarness _app = null!;

    private TriggerJournal Journal => _app.Services.GetRequiredService<TriggerJournal>();

    private QueueFunctionRunner Queues => _app.Services.GetRequiredService<QueueFunctionRunner>();

    public async Task InitializeAsync() =>
        _app = await FunctionAppHarness.StartAsync(services => services
            .AddSingleton<TriggerJournal>()
            .AddQueueTriggerHandler<RecordingQueueHandler>()
            .AddQueueTriggerHandler<FailingQueueHandler>()
            .AddTimerTriggerHandler<EverySecondTimerHandler>());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Queue_message_reaches_the_handler_with_its_id_dequeue_count_and_insertion_time()
    {
        var inserted = new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
        var message = QueuesModelFactory.QueueMessage("5c8e7b7a-0d1f-4f53-9d8e-1c1f3f0c2a11", "AgAAAAMAAAAAAAAA",
            BinaryData.FromString("""{"event_id":"e-1"}"""), 2, insertedOn: inserted);

        await Queues.RunAsync("RecordWork", message, CancellationToken.None);

        var delivery = Assert.Single(Journal.QueueDeliveries);
        Assert.Equal("""{"event_id":"e-1"}""", delivery.MessageText);
        Assert.Equal("5c8e7b7a-0d1f-4f53-9d8e-1c1f3f0c2a11", delivery.MessageId);
        Assert.Equal(2, delivery.DequeueCount);
        Assert.Equal(RecordingQueueHandler.Queue, delivery.QueueName);
        Assert.Equal(inserted, delivery.InsertionTime);
    }

    [Fact]
    public async Task Large_body_stored_as_a_blob_reaches_the_handler_whole_and_its_blob_is_deleted_after_success()
    {
        var body = "{\"records\":\"" + new string('r', 100_000) + "\"}";
        var raw = await EnqueueAndPeekRawAsync(body);
        Assert.True(BlobBackedWorkQueue.IsReference(raw.Body));

        await Queues.RunAsync("RecordWork", AsHostMessage(raw), CancellationToken.None);

        Assert.Equal(body, Assert.Single(Journal.QueueDeliveries).MessageText);
        var largeBodies = Assert.IsType<BlobBackedWorkQueue>(_app.Services.GetRequiredService<IWorkQueue>());
        Assert.Null(await largeBodies.ResolveAsync(raw));
    }

    [Fact]
    public async Task Body_whose_blob_is_gone_fails_the_invocation_without_running_the_handler()
    {
        var raw = await EnqueueAndPeekRawAsync(new string('x', 100_000));
        await Assert.IsType<BlobBackedWorkQueue>(_app.Services.GetRequiredService<IWorkQueue>()).DeleteBodyAsync(raw.Body);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Queues.RunAsync("RecordWork", AsHostMessage(raw), CancellationToken.None));

        Assert.Contains("refers to a blob that is gone", error.Message, StringComparison.Ordinal);
        Assert.Empty(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Failing_handler_fails_the_invocation_so_the_host_retries_and_poisons()
    {
        var message = QueuesModelFactory.QueueMessage("m-1", "r-1", BinaryData.FromString("x"), 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Queues.RunAsync("DoomedWork", message, CancellationToken.None));

        Assert.Contains("vendor said no", error.Message, StringComparison.Ordinal);
        Assert.Single(Journal.QueueDeliveries);
    }

    [Fact]
    public async Task Unregistered_function_name_is_refused()
    {
        var message = QueuesModelFactory.QueueMessage("m-1", "r-1", BinaryData.FromString("x"), 1);

        await Assert.ThrowsAsync<TriggerFunctionNotFoundException>(() => Queues.RunAsync("NoSuchFunction", message, CancellationToken.None));
        await Assert.ThrowsAsync<TriggerFunctionNotFoundException>(() =>
            _app.Services.GetRequiredService<TimerFunctionRunner>().RunAsync("NoSuchFunction", new TimerInfo(), CancellationToken.None));
    }

    [Fact]
    public async Task Timer_info_reaches_the_timer_handler()
    {
        var timer = new TimerInfo
        {
            IsPastDue = true,
            ScheduleStatus = new ScheduleStatus { Last = new DateTime(2026, 11, 22, 5, 59, 59, DateTimeKind.Utc), Next = new DateTime(2026, 11, 22, 6, 0, 1, DateTimeKind.Utc) },
        };

        await _app.Services.GetRequiredService<TimerFunctionRunner>().RunAsync("Heartbeat", timer, CancellationToken.None);

        var firing = Assert.Single(Journal.TimerFirings);
        Assert.True(firing.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 5, 59, 59, TimeSpan.Zero), firing.LastFiredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 1, TimeSpan.Zero), firing.NextFiringAt);
    }

    [Fact]
    public async Task A_first_firing_without_schedule_status_has_no_last_or_next_time()
    {
        await _app.Services.GetRequiredService<TimerFunctionRunner>().RunAsync("Heartbeat", new TimerInfo(), CancellationToken.None);

        var firing = Assert.Single(Journal.TimerFirings);
        Assert.False(firing.IsPastDue);
        Assert.Null(firing.LastFiredAt);
        Assert.Null(firing.NextFiringAt);
    }

    /// <summary>What the host would read from the queue: the raw text, for a large body a reference to its blob.</summary>
    private async Task<WorkQueueMessage> EnqueueAndPeekRawAsync(string body)
    {
        await _app.Services.GetRequiredService<IWorkQueue>().EnqueueAsync(RecordingQueueHandler.Queue, body);
        return Assert.Single(await _app.Services.GetRequiredService<SqliteWorkQueue>().ReceiveAsync(RecordingQueueHandler.Queue, 1, TimeSpan.FromSeconds(30)));
    }

    internal static Azure.Storage.Queues.Models.QueueMessage AsHostMessage(WorkQueueMessage raw) =>
        QueuesModelFactory.QueueMessage(raw.Id, raw.PopReceipt, BinaryData.FromString(raw.Body), raw.DequeueCount, insertedOn: raw.InsertedAt);
}
