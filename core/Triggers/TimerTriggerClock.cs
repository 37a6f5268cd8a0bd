namespace Serverless.Core.Triggers;

/// <summary>
/// The clock timer triggers run on: a keyed <see cref="TimeProvider"/> (by default the process's), which the standalone
/// timer service waits on and timer handlers compute their due times with, so tests can move timers alone.
/// </summary>
public static class TimerTriggerClock
{
    /// <summary>The service key of the timer triggers' <see cref="TimeProvider"/>.</summary>
    public const string Key = "timer-triggers";
}
