using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Jsonata;
using Serverless.Core.Json;
using Serverless.Core.Proxy;
using Serverless.Core.Errors;

namespace Serverless.Core.Actions;

/// <summary>
/// An integration's actions prepared for running. Each request (an action's <c>config</c> or a request
/// step) becomes a method of the hidden resource <see cref="Resource"/> of the same compiled integration,
/// so the proxy engine builds, authorizes and checks it exactly like any resource method.
/// </summary>
public sealed class CompiledActions
{
    /// <summary>The hidden resource holding the action requests; its method names are <c>&lt;action&gt;#&lt;step&gt;</c>.</summary>
    public const string Resource = "_actions";

    private static readonly string[] RequestKeys = ["method", "path", "base_url", "headers", "query", "body", "body_format", "response_path"];

    private readonly Dictionary<string, JsonataExpression> expressions;

    private CompiledActions(CompiledIntegration integration, Dictionary<string, JsonataExpression> expressions)
    {
        Integration = integration;
        this.expressions = expressions;
    }

    public CompiledIntegration Integration { get; }

    public ActionDefinition? Find(string name) => Integration.Model.Actions.GetValueOrDefault(name);

    public static string RequestMethodName(string action, int step) => $"{action}#{step}";

    /// <summary>The compiled JSONata of a transform or update_context step.</summary>
    public JsonataExpression Expression(string action, int step) => expressions[RequestMethodName(action, step)];

    /// <exception cref="ApiException">The config cannot be read (400) or a step's JSONata does not compile (501).</exception>
    public static CompiledActions Compile(JsonObject mergedConfig)
    {
        var config = (JsonObject)mergedConfig.DeepClone();
        var requests = new JsonObject();
        if (config["actions"] is JsonObject actions)
        {
            foreach (var (name, action) in actions)
            {
                if (action?["config"] is JsonObject single) requests[RequestMethodName(name, 0)] = AsResourceMethod(single);
                if (action?["steps"] is JsonArray steps)
                {
                    for (var i = 0; i < steps.Count; i++)
                    {
                        if (steps[i]?["type"]?.GetValue<string>() == "request" && steps[i]?["config"] is JsonObject step) requests[RequestMethodName(name, i)] = AsResourceMethod(step);
                    }
                }
            }
        }
        if (config["resources"] is not JsonObject resources) config["resources"] = resources = [];
        resources[Resource] = requests;

        var integration = CompiledIntegration.Compile(config);
        var compiled = new Dictionary<string, JsonataExpression>(StringComparer.Ordinal);
        foreach (var (name, action) in integration.Model.Actions)
        {
            for (var i = 0; i < (action.Steps?.Count ?? 0); i++)
            {
                var source = action.Steps![i] switch
                {
                    TransformActionStep transform => transform.Expression,
                    UpdateContextActionStep update => update.Expression,
                    _ => null,
                };
                if (source is null) continue;
                try
                {
                    compiled[RequestMethodName(name, i)] = JsonataExpression.Compile(source);
                }
                catch (JsonataException exception)
                {
                    throw new ApiException(501, $"actions.{name}.steps[{i}].expression does not compile: {exception.Message}");
                }
            }
        }
        return new CompiledActions(integration, compiled);
    }

    /// <summary>An action request config in resource-method form: a <c>url</c> is a path that is a full URL.</summary>
    private static JsonObject AsResourceMethod(JsonObject request)
    {
        var method = new JsonObject();
        foreach (var key in RequestKeys)
        {
            if (request.TryGetPropertyValue(key, out var value)) method[key] = value?.DeepClone();
        }
        if (request["url"] is { } url) method["path"] = url.DeepClone();
        if (method["method"] is JsonValue verb && verb.TryGetValue(out string? text)) method["method"] = text.ToLowerInvariant();
        return method;
    }
}

/// <summary>Compiled actions per environment integration, rebuilt when the stamp (config versions) changes.</summary>
public sealed class CompiledActionsCache
{
    private readonly ConcurrentDictionary<Guid, (string Stamp, CompiledActions Compiled)> entries = new();

    public CompiledActions Get(Guid environmentIntegrationId, string stamp, JsonObject config, JsonObject? environmentOverride)
    {
        if (entries.TryGetValue(environmentIntegrationId, out var entry) && entry.Stamp == stamp) return entry.Compiled;
        var compiled = CompiledActions.Compile((JsonObject)JsonDeepMerge.Merge(config, environmentOverride ?? [])!);
        entries[environmentIntegrationId] = (stamp, compiled);
        return compiled;
    }
}
