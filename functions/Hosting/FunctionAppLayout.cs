using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The <c>function.json</c> of every function the Functions host must know: the catch-all HTTP function
/// and one per registered queue or timer handler. The checked-in folders under <c>functions/FunctionApp/</c>
/// must equal this (a test compares them), so registering a handler without its folder fails the build's tests.
/// </summary>
public static class FunctionAppLayout
{
    public const string HttpFunctionName = "http";
    public const string StorageConnection = "AzureWebJobsStorage";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Folder name → function.json text.</summary>
    public static IReadOnlyDictionary<string, string> Describe(TriggerDispatcher dispatcher)
    {
        var functions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [HttpFunctionName] = Render(HttpFunction(dispatcher.FunctionNames)),
        };
        foreach (var handler in dispatcher.QueueHandlers)
        {
            functions[handler.FunctionName] = Render(new JsonObject
            {
                ["bindings"] = new JsonArray(new JsonObject
                {
                    ["type"] = "queueTrigger",
                    ["direction"] = "in",
                    ["name"] = HostInvocation.QueueBindingName,
                    ["queueName"] = handler.QueueName,
                    ["connection"] = StorageConnection,
                }),
            });
        }
        foreach (var handler in dispatcher.TimerHandlers)
        {
            functions[handler.FunctionName] = Render(new JsonObject
            {
                ["bindings"] = new JsonArray(new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = HostInvocation.TimerBindingName,
                    ["schedule"] = handler.Schedule,
                }),
            });
        }
        return functions;
    }

    /// <summary>
    /// The catch-all route. Trigger functions are invoked on <c>/&lt;FunctionName&gt;</c> of the same port, so
    /// the catch-all must never forward an internet request to such a path: its constraint refuses them
    /// (ASP.NET Core routing matches regex constraints case-insensitively).
    /// </summary>
    public static string CatchAllRoute(IEnumerable<string> triggerFunctionNames)
    {
        var names = triggerFunctionNames.Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return "{*path}";
        }
        // \x2F is '/': route templates treat a literal slash inside a parameter as a segment separator.
        return $"{{*path:regex(^(?!(?:{string.Join('|', names)})(?:\\x2F|$)))}}";
    }

    private static JsonObject HttpFunction(IEnumerable<string> triggerFunctionNames) => new()
    {
        // No "methods": every method is forwarded.
        ["bindings"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "httpTrigger",
                ["direction"] = "in",
                ["name"] = "req",
                ["authLevel"] = "anonymous",
                ["route"] = CatchAllRoute(triggerFunctionNames),
            },
            new JsonObject
            {
                ["type"] = "http",
                ["direction"] = "out",
                ["name"] = "res",
            }),
    };

    private static string Render(JsonNode node) => node.ToJsonString(Indented) + "\n";
}
