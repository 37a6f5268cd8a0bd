using NCrontab;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Local mode's stand-in for the Functions host's timer triggers: fires each registered timer
/// function on its six-field NCRONTAB schedule (UTC), on the timer triggers' clock (<see cref="TimerTriggerClock"/>).
/// </summary>
internal sealed partial class TimerService(
    TriggerDispatcher dispatcher,
    TimerSchedules schedules,
    [FromKeyedServices(TimerTriggerClock.Key)] TimeProvider time,
    ILogger<TimerService> logger) : BackgroundService
{
    // A firing this much later than planned is reported as past due, like the Functions host does.
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(dispatcher.TimerHandlers.Select(handler => RunAsync(handler, schedules.For(handler), stoppingToken)));

    private async Task RunAsync(ITimerTriggerHandler handler, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        await Task.Yield();
        DateTimeOffset? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var due = new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero);
            try
            {
                await Task.Delay(due - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var firedAt = time.GetUtcNow();
            var next = new DateTimeOffset(schedule.GetNextOccurrence(firedAt.UtcDateTime), TimeSpan.Zero);
            var context = new TimerTriggerContext(firedAt, firedAt - due > PastDueTolerance, last, next);
            try
            {
                await dispatcher.DispatchTimerAsync(handler.FunctionName, context, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed firing is not retried: the next one comes on schedule, as with the host.
                LogTimerFailed(handler.FunctionName, ex);
            }
            last = firedAt;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed")]
    private partial void LogTimerFailed(string function, Exception exception);
}
