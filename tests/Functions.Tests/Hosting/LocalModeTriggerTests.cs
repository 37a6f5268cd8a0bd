using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Core.Triggers;
using Serverless.Functions.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>Outside the Functions host, the process drives its own triggers from the embedded queue and a timer.</summary>
public sealed class LocalModeTriggerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Poller_delivers_an_enqueued_message_and_completes_it()
    {
        await using var platform = await StartAsync(services => services.AddQueueTriggerHandler<RecordingQueueHandler>());
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var journal = platform.Services.GetRequiredService<TriggerJournal>();

        await queue.EnqueueAsync(RecordingQueueHandler.Queue, """{"step":"fan-out"}""");

        Assert.True(await journal.Delivered.WaitAsync(Patience), "the poller never delivered the message");
        var delivery = Assert.Single(journal.QueueDeliveries);
        Assert.Equal("""{"step":"fan-out"}""", delivery.MessageText);
        Assert.Equal(1, delivery.DequeueCount);
        Assert.Equal(RecordingQueueHandler.Queue, delivery.QueueName);

        // Completed, not merely hidden: once the poller's lease would have lapsed nothing comes back.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Empty(await queue.ReceiveAsync(RecordingQueueHandler.Queue, 10, TimeSpan.FromSeconds(1)));
        Assert.Single(journal.QueueDeliveries);
    }

    [Fact]
    public async Task An_idle_poller_wakes_at_the_next_arrival_instead_of_sleeping_out_its_idle_delay()
    {
        await using var platform = await StartAsync(services => services
            .AddQueueTriggerHandler<RecordingQueueHandler>()
            .Configure<QueuePollingOptions>(o => (o.MinIdleDelay, o.MaxIdleDelay) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5))));
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var journal = platform.Services.GetRequiredService<TriggerJournal>();
        // The poller's first receive finds nothing, and it goes to sleep for 5 minutes.
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        for (var i = 0; i < 3; i++)
        {
            await queue.EnqueueAsync(RecordingQueueHandler.Queue, $"arrival {i}");
            Assert.True(await journal.Delivered.WaitAsync(Patience), $"arrival {i} did not wake the poller");
        }

        Assert.Equal(["arrival 0", "arrival 1", "arrival 2"], journal.QueueDeliveries.Select(d => d.MessageText));
    }

    [Fact]
    public async Task Throwing_handler_is_retried_with_backoff_then_the_message_is_poisoned()
    {
        await using var platform = await StartAsync(services => services
            .AddQueueTriggerHandler<FailingQueueHandler>()
            .Configure<QueuePollingOptions>(o => o.RetryDelay = TimeSpan.FromMilliseconds(20)));
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var journal = platform.Services.GetRequiredService<TriggerJournal>();

        await queue.EnqueueAsync(FailingQueueHandler.Queue, "doomed");

        var poisonQueue = WorkQueueOptions.PoisonQueueOf(FailingQueueHandler.Queue);
        IReadOnlyList<QueueMessage> poisoned = [];
        var deadline = DateTime.UtcNow + Patience;
        while (poisoned.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            poisoned = await queue.ReceiveAsync(poisonQueue, 10, TimeSpan.FromSeconds(30));
        }

        Assert.Equal("doomed", Assert.Single(poisoned).Body);
        Assert.Equal([1, 2, 3, 4, 5], journal.QueueDeliveries.Select(d => d.DequeueCount).Order());
        Assert.Single(journal.QueueDeliveries.Select(d => d.MessageId).Distinct());
    }

    [Fact]
    public async Task Long_handler_keeps_its_message_hidden_by_renewing_the_lease()
    {
        await using var platform = await StartAsync(services => services
            .AddQueueTriggerHandler<SlowQueueHandler>()
            .Configure<QueuePollingOptions>(o => o.VisibilityTimeout = TimeSpan.FromSeconds(1)));
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var journal = platform.Services.GetRequiredService<TriggerJournal>();

        await queue.EnqueueAsync(SlowQueueHandler.Queue, "slow");

        Assert.True(await journal.Delivered.WaitAsync(Patience), "the slow handler never finished");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Single(journal.QueueDeliveries);
        Assert.Empty(await queue.ReceiveAsync(SlowQueueHandler.Queue, 10, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Message_in_progress_at_shutdown_is_handed_back_at_once()
    {
        await using var platform = await StartAsync(services => services.AddQueueTriggerHandler<BlockingQueueHandler>());
        var queue = platform.Services.GetRequiredService<IWorkQueue>();
        var journal = platform.Services.GetRequiredService<TriggerJournal>();
        await queue.EnqueueAsync(BlockingQueueHandler.Queue, "unfinished");
        Assert.True(await journal.Delivered.WaitAsync(Patience), "the poller never delivered the message");

        await platform.StopAsync();

        // Without the hand-back it would stay hidden for the poller's 30 s lease.
        var again = Assert.Single(await queue.ReceiveAsync(BlockingQueueHandler.Queue, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(("unfinished", 2), (again.Body, again.DequeueCount));
    }

    [Fact]
    public async Task Timer_fires_on_its_ncrontab_schedule()
    {
        await using var platform = await StartAsync(services => services.AddTimerTriggerHandler<EverySecondTimerHandler>());
        var journal = platform.Services.GetRequiredService<TriggerJournal>();

        var fired = await Task.WhenAny(journal.FirstTimerFiring.Task, Task.Delay(Patience));

        Assert.Same(journal.FirstTimerFiring.Task, fired);
        var firing = journal.TimerFirings.First();
        Assert.False(firing.IsPastDue);
        Assert.NotNull(firing.NextFiringAt);
        Assert.InRange(firing.NextFiringAt!.Value - firing.FiredAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Invalid_timer_schedule_stops_startup_naming_the_function()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(services => services.AddTimerTriggerHandler<BadScheduleTimerHandler>()));

        Assert.Contains("BadSchedule", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 */5 * * *", error.Message, StringComparison.Ordinal);
    }

    private static Task<HostedPlatform> StartAsync(Action<IServiceCollection> register) =>
        HostedPlatform.StartAsync(new Dictionary<string, string>(), services =>
        {
            services.AddSingleton<TriggerJournal>();
            register(services);
        });

    /// <summary>Five fields: a common mistake, since the host wants six.</summary>
    private sealed class BadScheduleTimerHandler : ITimerTriggerHandler
    {
        public string FunctionName => "BadSchedule";

        public string Schedule => "0 */5 * * *";

        public Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
