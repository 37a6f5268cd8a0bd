using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace Serverless.Durable.Tests.Conformance;

/// <summary>The orchestrators and activities the conformance suite runs, written against Microsoft.DurableTask.</summary>
public static class ConformanceTasks
{
    public const string ApprovalEvent = "approval";

    /// <summary>Failed attempts per key of the <c>Flaky</c> activity (the suite runs in this process).</summary>
    public static readonly ConcurrentDictionary<string, int> FlakyAttempts = new();

    public static DurableTaskRegistry AddConformanceTasks(this DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Echo", (_, value) => value)
        .AddActivityFunc<int, long>("Square", (_, value) => (long)value * value)
        .AddActivityFunc<FlakyInput, int>("Flaky", (_, input) =>
        {
            var attempt = FlakyAttempts.AddOrUpdate(input.Key, 1, (_, n) => n + 1);
            return attempt <= input.Failures ? throw new InvalidOperationException($"flaky failure {attempt}") : attempt;
        })
        .AddOrchestratorFunc<int, string>("Sequence", async (context, count) =>
        {
            var results = new List<string>();
            for (var i = 0; i < count; i++)
            {
                results.Add(await context.CallActivityAsync<string>("Echo", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return string.Join(",", results);
        })
        .AddOrchestratorFunc<int, long>("FanOut", async (context, width) =>
        {
            var squares = await Task.WhenAll(Enumerable.Range(0, width).Select(i => context.CallActivityAsync<long>("Square", i)));
            return squares.Sum();
        })
        .AddOrchestratorFunc<int, string>("Timer", async (context, milliseconds) =>
        {
            await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(milliseconds), CancellationToken.None);
            return "fired";
        })
        .AddOrchestratorFunc<int, string>("WaitForApproval", async (context, timeoutMilliseconds) =>
        {
            try
            {
                return "got:" + await context.WaitForExternalEvent<string>(ApprovalEvent, TimeSpan.FromMilliseconds(timeoutMilliseconds));
            }
            catch (TaskCanceledException)
            {
                return "timeout";
            }
        })
        .AddOrchestratorFunc<int, long>("Parent", async (context, children) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, children).Select(i =>
                context.CallSubOrchestratorAsync<long>("Child", i, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-child{i}" })));
            return results.Sum();
        })
        .AddOrchestratorFunc<int, long>("Child", async (context, value) => await context.CallActivityAsync<long>("Square", value) + 1)
        .AddOrchestratorFunc<CounterInput, int>("Counter", async (context, input) =>
        {
            // Every hundredth generation does durable work; the others continue at once.
            if (input.Generation % 100 == 0)
            {
                await context.CallActivityAsync<string>("Echo", input.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (input.Generation < input.Last)
            {
                context.ContinueAsNew(input with { Generation = input.Generation + 1 });
            }

            return input.Generation;
        })
        .AddOrchestratorFunc<FlakyRun, int>("Retry", (context, run) =>
            // The Durable analyzer (brought in by the Functions DurableTask extension) reads AddActivityFunc<TInput, TOutput>'s
            // first type argument as the activity's result: "Flaky" returns int, as registered above.
#pragma warning disable DURABLE2002
            context.CallActivityAsync<int>("Flaky", new FlakyInput(context.InstanceId, run.Failures),
                TaskOptions.FromRetryPolicy(new RetryPolicy(run.MaxAttempts, TimeSpan.FromMilliseconds(50)))))
#pragma warning restore DURABLE2002
        .AddOrchestratorFunc<string, string>("EchoLarge", async (context, text) =>
        {
            var echoed = await context.CallActivityAsync<string>("Echo", text);
            return echoed + "!";
        });

    public sealed record FlakyInput(string Key, int Failures);

    public sealed record FlakyRun(int Failures, int MaxAttempts);

    public sealed record CounterInput(int Generation, int Last);
}
