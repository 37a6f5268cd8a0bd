using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Durable;
using Serverless.Core.Events;
using Serverless.Core.Triggers;
using Serverless.Core.Workflows.Running;
using Serverless.Core.Workflows.Schedules;
using Serverless.Functions.FunctionApp.Http;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// What azd zips: the published Function App's root, and in its <c>functions.metadata</c> every function the
/// Functions host will run, with the trigger each needs, against what the platform registers.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string[] AllMethods = ["get", "post", "put", "patch", "delete", "head", "options"];

    [Fact]
    public async Task Publish_output_is_a_function_app_root()
    {
        var output = await PublishedFunctionApp.DirectoryAsync();

        Assert.Equal(File.ReadAllText(RepositoryRoot.Combine("host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
        Assert.True(File.Exists(Path.Combine(output, "functions.metadata")), "functions.metadata is missing");
        using var workerConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json")));
        var description = workerConfig.RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal(typeof(Program).Assembly.GetName().Name + ".dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(output, description.GetProperty("defaultWorkerPath").GetString()!)));
        // The queue trigger's host extension ships with the app: no extension bundle is downloaded.
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")));
        var queues = Assert.Single(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => e.GetProperty("name").GetString() == "AzureStorageQueues");
        Assert.True(File.Exists(Path.Combine(output, queues.GetProperty("hintPath").GetString()!)));
    }

    [Fact]
    public async Task Functions_metadata_declares_every_function_with_its_trigger()
    {
        var output = await PublishedFunctionApp.DirectoryAsync();
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata")));
        var functions = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, StringComparer.Ordinal);
        await using var app = await FunctionAppHarness.StartAsync();
        var dispatcher = app.Services.GetRequiredService<TriggerDispatcher>();
        var http = new Dictionary<string, string>
        {
            [FunctionRoutes.PlatformApiFunction] = FunctionRoutes.PlatformApiRoute,
            [FunctionRoutes.ProxyFunction] = FunctionRoutes.ProxyRoute,
            [FunctionRoutes.ConnectFunction] = FunctionRoutes.ConnectRoute,
            [FunctionRoutes.InboundWebhooksFunction] = FunctionRoutes.InboundWebhooksRoute,
            [FunctionRoutes.SyncJobsFunction] = FunctionRoutes.SyncJobsRoute,
        };
        // The Durable shims (functions/FunctionApp/Durable): every orchestrator and activity AddPlatformTasks registers.
        var registry = new DurableTaskRegistry().AddPlatformTasks();
        var orchestrators = registry.GetOrchestrators().Select(o => o.Key.Name).ToList();
        var activities = registry.GetActivities().Select(a => a.Key.Name).ToList();

        Assert.Equal(http.Keys.Concat(dispatcher.FunctionNames).Concat(orchestrators).Concat(activities).Order(StringComparer.Ordinal), functions.Keys.Order(StringComparer.Ordinal));
        Assert.All(functions.Values, f => Assert.Equal(typeof(Program).Assembly.GetName().Name + ".dll", f.GetProperty("scriptFile").GetString()));

        foreach (var (name, route) in http)
        {
            var trigger = Trigger(functions[name], "httpTrigger");
            Assert.Equal(route, trigger.GetProperty("route").GetString());
            Assert.Equal(AllMethods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Contains(functions[name].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
        }
        foreach (var name in orchestrators)
        {
            Trigger(functions[name], "orchestrationTrigger");
        }
        foreach (var name in activities)
        {
            Trigger(functions[name], "activityTrigger");
        }
        // The functions that start orchestrations bind a Durable client: the sync jobs API (runs), the fan-out (workflow
        // triggers), the workflow schedules (runs) and the workflow step activity (runs).
        Assert.Equal(
            new[] { FunctionRoutes.SyncJobsFunction, EventFanOutHandler.Name, WorkflowScheduleTimer.Name, nameof(WorkflowRunStepActivity) }.Order(StringComparer.Ordinal),
            functions.Where(f => f.Value.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "durableClient")).Select(f => f.Key).Order(StringComparer.Ordinal));
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")));
        Assert.Contains(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => e.GetProperty("name").GetString() == "DurableTask");

        foreach (var handler in dispatcher.QueueHandlers)
        {
            var trigger = Trigger(functions[handler.FunctionName], "queueTrigger");
            Assert.Equal(handler.QueueName, trigger.GetProperty("queueName").GetString());
            Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        }
        foreach (var handler in dispatcher.TimerHandlers)
        {
            Assert.Equal(handler.Schedule, Trigger(functions[handler.FunctionName], "timerTrigger").GetProperty("schedule").GetString());
        }
    }

    private static JsonElement Trigger(JsonElement function, string type)
    {
        // Besides its trigger, a function may bind inputs (the sync jobs function's Durable client).
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        Assert.Equal(type, trigger.GetProperty("type").GetString());
        return trigger;
    }
}
