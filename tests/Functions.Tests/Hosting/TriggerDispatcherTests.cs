using Serverless.Core.Triggers;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

public sealed class TriggerDispatcherTests
{
    [Fact]
    public async Task Dispatches_by_function_name_ignoring_case()
    {
        var journal = new TriggerJournal();
        var dispatcher = new TriggerDispatcher([new RecordingQueueHandler(journal)], [new EverySecondTimerHandler(journal)]);

        await dispatcher.DispatchQueueAsync("recordwork", new QueueTriggerContext("q", "id-1", "body", 1, null), CancellationToken.None);
        await dispatcher.DispatchTimerAsync("HEARTBEAT", new TimerTriggerContext(DateTimeOffset.UnixEpoch, false, null, null), CancellationToken.None);

        Assert.Equal("body", Assert.Single(journal.QueueDeliveries).MessageText);
        Assert.Single(journal.TimerFirings);
    }

    [Fact]
    public async Task Unknown_or_wrong_kind_of_function_is_reported_by_name()
    {
        var journal = new TriggerJournal();
        var dispatcher = new TriggerDispatcher([new RecordingQueueHandler(journal)], [new EverySecondTimerHandler(journal)]);

        var unknown = await Assert.ThrowsAsync<TriggerFunctionNotFoundException>(() =>
            dispatcher.DispatchQueueAsync("Nope", new QueueTriggerContext("q", "id", "b", 1, null), CancellationToken.None));
        await Assert.ThrowsAsync<TriggerFunctionNotFoundException>(() =>
            dispatcher.DispatchTimerAsync("RecordWork", new TimerTriggerContext(DateTimeOffset.UnixEpoch, false, null, null), CancellationToken.None));

        Assert.Equal("Nope", unknown.FunctionName);
        Assert.Empty(journal.QueueDeliveries);
    }

    [Fact]
    public void Two_functions_with_one_name_are_refused()
    {
        var journal = new TriggerJournal();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new TriggerDispatcher([new RecordingQueueHandler(journal), new RecordingQueueHandler(journal)], []));

        Assert.Contains("'RecordWork' is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http", "hosting-queue")]
    [InlineData("Event-FanOut", "hosting-queue")]
    [InlineData("EventFanOut", "Bad_Queue")]
    [InlineData("EventFanOut", "ab")]
    public void Names_that_cannot_be_a_function_folder_or_queue_are_refused(string functionName, string queueName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new TriggerDispatcher([new NamedQueueHandler(functionName, queueName)], []));

        Assert.Contains(functionName == "EventFanOut" ? queueName : functionName, error.Message, StringComparison.Ordinal);
    }

    private sealed class NamedQueueHandler(string functionName, string queueName) : IQueueTriggerHandler
    {
        public string FunctionName => functionName;

        public string QueueName => queueName;

        public Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
