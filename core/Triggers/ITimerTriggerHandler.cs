namespace Serverless.Core.Triggers;

/// <summary>
/// Work that runs on a schedule: invoked by the Function App's timer-triggered function under the Azure
/// Functions host or, standalone, by the local timer service. A late or repeated firing must be harmless.
/// </summary>
public interface ITimerTriggerHandler
{
    /// <summary>The function's name: the name of its <c>[Function]</c> in the Function App (functions/FunctionApp/). PascalCase.</summary>
    string FunctionName { get; }

    /// <summary>Six-field NCRONTAB expression (seconds first), evaluated in UTC.</summary>
    string Schedule { get; }

    /// <summary>Does the work of one firing; <paramref name="context"/> says when it fired.</summary>
    Task HandleAsync(TimerTriggerContext context, CancellationToken cancellationToken);
}
