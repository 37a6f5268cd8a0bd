using System.Globalization;
using Microsoft.DurableTask;

namespace Serverless.Durable.CrashHost;

/// <summary>
/// The crash workload: each orchestration runs <see cref="Steps"/> steps of slow activities (every third step fans
/// out to two), with a durable timer half way. Every activity execution appends its key to a log file, so the test
/// can count the activities that ran more than once.
/// </summary>
public static class CrashTasks
{
    public const string Orchestration = "CrashChain";
    public const int Steps = 10;
    private static readonly Lock LogLock = new();

    public static DurableTaskRegistry AddCrashTasks(this DurableTaskRegistry registry, string logPath, TimeSpan activityTime) => registry
        .AddActivityFunc<string, string>("CrashStep", async (_, key) =>
        {
            await Task.Delay(activityTime);
            lock (LogLock)
            {
                File.AppendAllText(logPath, key + "\n");
            }

            return key;
        })
        .AddOrchestratorFunc<int, string>(Orchestration, async (context, number) =>
        {
            var results = new List<string>();
            for (var step = 0; step < Steps; step++)
            {
                if (step == Steps / 2)
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(300), CancellationToken.None);
                }

                var keys = StepKeys(number, step);
                results.AddRange(await Task.WhenAll(keys.Select(key => context.CallActivityAsync<string>("CrashStep", key))));
            }

            return string.Join(",", results);
        });

    public static string InstanceId(int number) => "crash-" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The activity keys of one step, in the order the orchestration collects their results.</summary>
    public static IReadOnlyList<string> StepKeys(int number, int step) =>
        Enumerable.Range(0, step % 3 == 2 ? 2 : 1).Select(j => string.Create(CultureInfo.InvariantCulture, $"{number}.{step}.{j}")).ToList();

    public static string ExpectedOutput(int number) =>
        string.Join(",", Enumerable.Range(0, Steps).SelectMany(step => StepKeys(number, step)));
}
