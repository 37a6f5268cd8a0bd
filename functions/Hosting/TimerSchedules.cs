using System.Collections.Frozen;
using NCrontab;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>The parsed schedules of the registered timer functions; a bad schedule fails startup, naming the function.</summary>
internal sealed class TimerSchedules
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    private readonly FrozenDictionary<string, CrontabSchedule> _schedules;

    public TimerSchedules(TriggerDispatcher dispatcher)
    {
        _schedules = dispatcher.TimerHandlers.ToFrozenDictionary(
            h => h.FunctionName,
            h => Parse(h.FunctionName, h.Schedule),
            StringComparer.OrdinalIgnoreCase);
    }

    public CrontabSchedule For(ITimerTriggerHandler handler) => _schedules[handler.FunctionName];

    public static CrontabSchedule Parse(string functionName, string schedule)
    {
        var parsed = CrontabSchedule.TryParse(schedule, WithSeconds);
        return parsed ?? throw new InvalidOperationException(
            $"Timer function '{functionName}' has an invalid schedule '{schedule}': expected six NCRONTAB fields (second minute hour day month day-of-week).");
    }
}
