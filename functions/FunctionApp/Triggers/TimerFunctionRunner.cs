using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Triggers;

namespace Serverless.Functions.FunctionApp.Triggers;

/// <summary>Hands a firing of the Functions host's timer to the handler registered under the function's name, as the standalone timer service does.</summary>
internal sealed class TimerFunctionRunner(TriggerDispatcher dispatcher, [FromKeyedServices(TimerTriggerClock.Key)] TimeProvider time)
{
    public Task RunAsync(string functionName, TimerInfo timer, CancellationToken cancellationToken)
    {
        var status = timer.ScheduleStatus;
        var context = new TimerTriggerContext(time.GetUtcNow(), timer.IsPastDue, Utc(status?.Last), Utc(status?.Next));
        return dispatcher.DispatchTimerAsync(functionName, context, cancellationToken);
    }

    // The host's schedule monitor reports times as DateTime; an unknown one is the default value.
    private static DateTimeOffset? Utc(DateTime? value) => value switch
    {
        null => null,
        { } t when t == default => null,
        { Kind: DateTimeKind.Unspecified } t => new DateTimeOffset(t, TimeSpan.Zero),
        { } t => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero),
    };
}
