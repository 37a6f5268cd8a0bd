using Serverless.Core.Workflows.Schedules;
using Xunit;

namespace Serverless.Core.Tests.Workflows;

public sealed class WorkflowCronTests
{
    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2030, 1, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */6 * * *", 7, 9, 0, 20, 7, 12, 0)]
    [InlineData("0 */6 * * *", 7, 12, 0, 0, 7, 18, 0)]
    [InlineData("*/5 * * * *", 7, 9, 4, 59, 7, 9, 5)]
    [InlineData("30 2 * * 1", 7, 9, 0, 0, 14, 2, 30)]
    [InlineData("0 0 1 * *", 7, 9, 0, 0, 32, 0, 0)]
    public void Next_time_is_strictly_after_in_utc(string cron, int day, int hour, int minute, int second, int nextDay, int nextHour, int nextMinute)
    {
        var next = WorkflowCron.Parse(cron).NextAfter(At(day, hour, minute, second));
        var expected = nextDay > 31 ? new DateTimeOffset(2030, 2, nextDay - 31, nextHour, nextMinute, 0, TimeSpan.Zero) : At(nextDay, nextHour, nextMinute);
        Assert.Equal(expected, next);
    }

    [Theory]
    [InlineData("0 */6 * *")]
    [InlineData("0 0 */6 * * *")]
    [InlineData("61 * * * *")]
    [InlineData("every day")]
    [InlineData("")]
    public void Anything_but_five_valid_fields_is_refused_with_a_reason(string cron)
    {
        Assert.Null(WorkflowCron.TryParse(cron, out var error));
        Assert.StartsWith("not a five-field cron expression", error, StringComparison.Ordinal);
    }
}
