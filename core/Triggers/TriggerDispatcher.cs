using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Serverless.Core.Triggers;

/// <summary>
/// The one entry point for queue and timer work: the Function App's queue and timer functions and the
/// standalone pollers and timers all come through here, so a handler never knows which started it.
/// </summary>
public sealed partial class TriggerDispatcher
{
    private readonly FrozenDictionary<string, IQueueTriggerHandler> _queueHandlers;
    private readonly FrozenDictionary<string, ITimerTriggerHandler> _timerHandlers;

    /// <summary>Indexes the handlers by function name.</summary>
    /// <exception cref="InvalidOperationException">A function name is not PascalCase or is registered twice (ignoring case), or a queue name is invalid.</exception>
    public TriggerDispatcher(IEnumerable<IQueueTriggerHandler> queueHandlers, IEnumerable<ITimerTriggerHandler> timerHandlers)
    {
        QueueHandlers = [.. queueHandlers];
        TimerHandlers = [.. timerHandlers];

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in QueueHandlers.Select(h => h.FunctionName).Concat(TimerHandlers.Select(h => h.FunctionName)))
        {
            // Function names are the Function App's function names (and its log and metric names); the host
            // treats them case-insensitively, so two names must not differ by case only.
            if (!FunctionNamePattern().IsMatch(name))
            {
                throw new InvalidOperationException($"Trigger function name '{name}' is invalid: use PascalCase letters and digits (e.g. 'WebhookDelivery').");
            }
            if (!seen.Add(name))
            {
                throw new InvalidOperationException($"Trigger function name '{name}' is registered twice.");
            }
        }
        foreach (var handler in QueueHandlers)
        {
            if (!QueueNamePattern().IsMatch(handler.QueueName))
            {
                throw new InvalidOperationException($"Queue function '{handler.FunctionName}' listens to an invalid queue name '{handler.QueueName}': use 3-63 lowercase letters, digits and '-'.");
            }
        }

        _queueHandlers = QueueHandlers.ToFrozenDictionary(h => h.FunctionName, StringComparer.OrdinalIgnoreCase);
        _timerHandlers = TimerHandlers.ToFrozenDictionary(h => h.FunctionName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The queue-triggered functions, in registration order.</summary>
    public IReadOnlyList<IQueueTriggerHandler> QueueHandlers { get; }

    /// <summary>The timer-triggered functions, in registration order.</summary>
    public IReadOnlyList<ITimerTriggerHandler> TimerHandlers { get; }

    /// <summary>Every registered function name, queue and timer.</summary>
    public IEnumerable<string> FunctionNames => QueueHandlers.Select(h => h.FunctionName).Concat(TimerHandlers.Select(h => h.FunctionName));

    /// <exception cref="TriggerFunctionNotFoundException">No queue function has that name.</exception>
    public IQueueTriggerHandler QueueHandler(string functionName) =>
        _queueHandlers.TryGetValue(functionName, out var handler) ? handler : throw new TriggerFunctionNotFoundException(functionName);

    /// <exception cref="TriggerFunctionNotFoundException">No queue function has that name.</exception>
    public Task DispatchQueueAsync(string functionName, QueueTriggerContext context, CancellationToken cancellationToken) =>
        QueueHandler(functionName).HandleAsync(context, cancellationToken);

    /// <exception cref="TriggerFunctionNotFoundException">No timer function has that name.</exception>
    public Task DispatchTimerAsync(string functionName, TimerTriggerContext context, CancellationToken cancellationToken)
    {
        if (!_timerHandlers.TryGetValue(functionName, out var handler))
        {
            throw new TriggerFunctionNotFoundException(functionName);
        }
        return handler.HandleAsync(context, cancellationToken);
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,62}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
