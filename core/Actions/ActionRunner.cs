using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Errors;
using Serverless.Core.Integrations;
using Serverless.Core.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Proxy;

namespace Serverless.Core.Actions;

/// <summary>What an action produced.</summary>
/// <param name="Status">The last vendor status (200 when the action made no request).</param>
/// <param name="Result">The last step's result (the request body after <c>response_path</c>): outputs are read from it.</param>
/// <param name="RawResponse">The last vendor response body as received.</param>
/// <param name="ContextUpdate">What <c>update_context</c> steps merged into the account context; <c>null</c> when none ran.</param>
/// <param name="Secrets">Every secret value the action's requests knew, to scrub what is passed on of the vendor's answers.</param>
public sealed record ActionResult(int Status, JsonObject Outputs, JsonNode? Result, JsonNode? RawResponse, JsonObject? ContextUpdate, SecretScrubber Secrets);

/// <summary>
/// Runs a custom action (SPEC §9): reads and coerces the inputs, runs the compiled steps in order (each sees the
/// previous step's result as <c>$previous</c> / <c>{{previous}}</c>), then picks the outputs. Requests go through
/// <see cref="ProxyEngine"/>, so auth, OAuth refresh and error expressions apply; failures leave with every secret
/// value the action knew scrubbed.
/// </summary>
public sealed class ActionRunner(ProxyEngine engine)
{
    /// <exception cref="ApiException">Unknown action 404, bad input 400, missing output 422, an action that cannot run 501, vendor failures as the proxy reports them.</exception>
    public async Task<ActionResult> RunAsync(CompiledIntegration integration, string name, ProxyAccount account, JsonNode? body, CancellationToken cancellationToken)
    {
        // Grows with every request's secrets (the credentials sent, a refreshed token) and every context update.
        var secrets = CallSecrets.Of(integration, account);
        try
        {
            var action = integration.Action(name);
            if (action.Unsupported is { } reason) throw new ApiException(501, $"actions.{name} cannot run: {reason}");
            var inputs = ActionInputs.Read(action.Definition.Inputs, body);
            var context = (JsonObject)account.Context.DeepClone();
            JsonObject? contextUpdate = null;
            var status = 200;
            JsonNode? previous = null;
            JsonNode? raw = null;

            foreach (var step in action.Steps)
            {
                switch (step)
                {
                    case RequestStep request:
                        var call = new ProxyCall(
                            integration, account with { Context = context }, request.Request, null, [], null,
                            ScopeRoots: new Dictionary<string, JsonNode?> { ["inputs"] = inputs, ["previous"] = previous });
                        var result = await engine.ExecuteAsync(call, cancellationToken);
                        secrets = secrets.Including(result.Secrets);
                        status = result.StatusCode;
                        raw = result.VendorResponse?.Body ?? (result.VendorResponse is { Text.Length: > 0 } text ? JsonValue.Create(text.Text) : null);
                        previous = result.Body;
                        break;
                    case TransformStep transform:
                        previous = Evaluate(transform.Expression, transform.Label, inputs, context, previous);
                        break;
                    case UpdateContextStep update:
                        if (Evaluate(update.Expression, update.Label, inputs, context, previous) is JsonObject changes)
                        {
                            context = (JsonObject)JsonDeepMerge.Merge(context, changes)!;
                            contextUpdate = contextUpdate is null ? (JsonObject)changes.DeepClone() : (JsonObject)JsonDeepMerge.Merge(contextUpdate, changes)!;
                            secrets = secrets.Including(CallSecrets.Of(integration, account with { Context = context }));
                        }

                        break;
                }
            }

            return new ActionResult(status, ActionOutputs.Pick(action.Definition.Outputs, previous), previous, raw, contextUpdate, secrets);
        }
        catch (ApiException exception)
        {
            // The steps' own failures too: an expression error or a missing output can quote a vendor answer.
            throw secrets.Scrub(exception);
        }
    }

    private static JsonNode? Evaluate(JsonataExpression expression, string label, JsonObject inputs, JsonObject context, JsonNode? previous)
    {
        var input = new JsonObject { ["inputs"] = inputs.DeepClone(), ["context"] = context.DeepClone(), ["previous"] = previous?.DeepClone() };
        try
        {
            var bindings = new Dictionary<string, object?> { ["previous"] = JsonSerializer.SerializeToElement(previous) };
            // Through JsonElement: the JSONata reader of JsonNode input does not take values built from CLR numbers (coerced inputs).
            return expression.Evaluate(JsonSerializer.SerializeToElement(input), bindings).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw new ApiException(502, $"{label}.expression failed: {exception.Message}");
        }
    }
}
