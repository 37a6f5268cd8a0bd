namespace Serverless.Core.Triggers;

/// <summary>
/// Work that runs on a schedule: invoked by the Azure Functions host (timerTrigger) or, outside the
/// host, by the local timer service. A late or repeated firing must be harmless.
/// </summary>
public interface ITimerTriggerHandler
{
    /// <summary>The function's name: its folder under <c>FunctionApp/</c> and its invocation route. PascalCase.</summary>
    string FunctionName { get; }

    /// <summary>Six-field NCRONTAB expression (seconds first), evaluated in UTC.</summary>
    string Schedule { get; }

    Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken);
}
