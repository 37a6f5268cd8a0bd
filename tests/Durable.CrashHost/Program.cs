using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Durable.CrashHost;
using Serverless.Functions.Hosting.Durable;

// Settings come from the environment: STORAGE, DATA_DIR, AZURE_STORAGE_CONNECTION_STRING, DURABLE_TASK_HUB as for
// the server, plus CRASH_LOG (activity log file), CRASH_START (first orchestration number to create),
// CRASH_COUNT (how many to create) and CRASH_FINAL (wait for every orchestration up to CRASH_START + CRASH_COUNT).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddEnvironmentVariables();
var configuration = builder.Configuration;
var logPath = configuration["CRASH_LOG"] ?? throw new InvalidOperationException("CRASH_LOG is required.");
var first = int.Parse(configuration["CRASH_START"] ?? "0", CultureInfo.InvariantCulture);
var count = int.Parse(configuration["CRASH_COUNT"] ?? "0", CultureInfo.InvariantCulture);
var final = configuration["CRASH_FINAL"] == "true";

builder.AddDurableTaskEngine();
builder.Services.Configure<DurableTaskEngineOptions>(options =>
{
    // Azure Storage: a message received by a killed process reappears after this.
    options.AzureVisibilityTimeout = TimeSpan.FromSeconds(5);
    options.AzureMaxPollingInterval = TimeSpan.FromMilliseconds(500);
});
builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(tasks => tasks.AddCrashTasks(logPath, TimeSpan.FromMilliseconds(150))));

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<DurableTaskClient>();

// Idempotent across restarts: an instance is created only if an earlier run did not get to it.
for (var number = first; number < first + count; number++)
{
    var id = CrashTasks.InstanceId(number);
    if (await client.GetInstanceAsync(id) is null)
    {
        await client.ScheduleNewOrchestrationInstanceAsync(CrashTasks.Orchestration, number, new StartOrchestrationOptions { InstanceId = id });
    }
}

Console.WriteLine("READY");
if (!final)
{
    await Task.Delay(Timeout.InfiniteTimeSpan);
}

// Generous: on a loaded 2-core machine the Azure Storage backend alone took over four minutes to settle 42 instances.
using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(9));
var results = new Dictionary<string, object?>();
for (var number = 0; number < first + count; number++)
{
    var metadata = await client.WaitForInstanceCompletionAsync(CrashTasks.InstanceId(number), getInputsAndOutputs: true, patience.Token);
    results[metadata.InstanceId] = new { status = metadata.RuntimeStatus.ToString(), output = metadata.ReadOutputAs<string>() };
}

Console.WriteLine("RESULT " + JsonSerializer.Serialize(results));
await host.StopAsync();
