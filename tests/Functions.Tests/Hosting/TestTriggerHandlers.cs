using System.Collections.Concurrent;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>What the test handlers saw, shared through DI so a test can read it.</summary>
internal sealed class TriggerJournal
{
    public ConcurrentQueue<QueueTriggerContext> QueueDeliveries { get; } = new();

    public ConcurrentQueue<TimerTriggerContext> TimerFirings { get; } = new();

    public TaskCompletionSource FirstTimerFiring { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SemaphoreSlim Delivered { get; } = new(0);
}

/// <summary>Records every message it is given.</summary>
internal sealed class RecordingQueueHandler(TriggerJournal journal) : IQueueTriggerHandler
{
    public const string Queue = "hosting-test-work";

    public string FunctionName => "RecordWork";

    public string QueueName => Queue;

    public Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        journal.QueueDeliveries.Enqueue(context);
        journal.Delivered.Release();
        return Task.CompletedTask;
    }
}

/// <summary>Fails every time, after recording the attempt.</summary>
internal sealed class FailingQueueHandler(TriggerJournal journal) : IQueueTriggerHandler
{
    public const string Queue = "hosting-test-doomed";

    public string FunctionName => "DoomedWork";

    public string QueueName => Queue;

    public Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        journal.QueueDeliveries.Enqueue(context);
        journal.Delivered.Release();
        throw new InvalidOperationException("vendor said no (secret=hunter2)");
    }
}

/// <summary>Fires every second.</summary>
internal sealed class EverySecondTimerHandler(TriggerJournal journal) : ITimerTriggerHandler
{
    public string FunctionName => "Heartbeat";

    public string Schedule => "* * * * * *";

    public Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken)
    {
        journal.TimerFirings.Enqueue(context);
        journal.FirstTimerFiring.TrySetResult();
        return Task.CompletedTask;
    }
}

/// <summary>Takes longer than the visibility timeout the test configures, so only lease renewal keeps the message hidden.</summary>
internal sealed class SlowQueueHandler(TriggerJournal journal) : IQueueTriggerHandler
{
    public const string Queue = "hosting-test-slow";

    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2.5);

    public string FunctionName => "SlowWork";

    public string QueueName => Queue;

    public async Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        journal.QueueDeliveries.Enqueue(context);
        await Task.Delay(Duration, cancellationToken);
        journal.Delivered.Release();
    }
}

/// <summary>Runs until cancelled: stands for work in progress when the process shuts down.</summary>
internal sealed class BlockingQueueHandler(TriggerJournal journal) : IQueueTriggerHandler
{
    public const string Queue = "hosting-test-blocking";

    public string FunctionName => "BlockingWork";

    public string QueueName => Queue;

    public async Task HandleAsync(QueueTriggerContext context, CancellationToken cancellationToken)
    {
        journal.QueueDeliveries.Enqueue(context);
        journal.Delivered.Release();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
