using Cronos;

namespace Serverless.Core.Workflows.Schedules;

/// <summary>A step's <c>cron_expression</c>: five fields (minute hour day-of-month month day-of-week), evaluated in UTC (Cronos).</summary>
internal sealed class WorkflowCron
{
    private readonly CronExpression _expression;

    private WorkflowCron(CronExpression expression) => _expression = expression;

    /// <returns>The parsed expression, or null with <paramref name="error"/> saying what is wrong.</returns>
    public static WorkflowCron? TryParse(string text, out string? error)
    {
        try
        {
            error = null;
            return new WorkflowCron(CronExpression.Parse(text.Trim(), CronFormat.Standard));
        }
        catch (CronFormatException exception)
        {
            error = $"not a five-field cron expression (minute hour day-of-month month day-of-week, UTC): {exception.Message}";
            return null;
        }
    }

    public static WorkflowCron Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException(error);

    /// <summary>The first time strictly after <paramref name="after"/> (UTC), or null when there is none (e.g. 30 February).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.UtcDateTime, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
}
