using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Jsonata;
using Serverless.Core.Platform;
using Serverless.Core.Templating;

namespace Serverless.Core.Webhooks.Inbound;

/// <summary>
/// Runs an inbound vendor webhook through its integration's <c>webhook</c> config (SPEC §5): payload
/// context, <c>payload_transform</c>, <c>handle_verification</c>, account lookup, signature check, then
/// <c>record:*</c> events through <see cref="IEventPublisher"/>. <c>handle_verification</c> answers
/// <c>{type: verify|meta|payload, verification_response?, update_context?}</c> (Truto's shape). A handshake
/// (<c>verify</c>) or <c>meta</c> answer is given before the signature check because vendors send
/// handshakes unsigned (Microsoft Graph); anything that changes state (<c>update_context</c>, riding along
/// with any type, and events) needs a valid signature. The type <c>update_context</c> with a <c>context</c>
/// object, this project's first shape, still works: it updates the context and emits nothing.
/// </summary>
public sealed partial class InboundWebhookProcessor(
    IntegratedAccountRepository accounts, EnvironmentIntegrationRepository installs, IntegrationResolver resolver,
    JsonataExpressionCache expressions, WebhookTemplates templates, WebhookSignatureVerifier verifier,
    IEventPublisher publisher, TimeProvider time, ILogger<InboundWebhookProcessor> logger)
{
    /// <summary>This project's first way to update the context: a type of its own. Truto's <c>update_context</c> rides on any type.</summary>
    private const string LegacyUpdateContextType = "update_context";

    /// <summary>Truto's example handshake reads <c>webhook_type</c> at the root of the payload context.</summary>
    private const string WebhookTypeField = "webhook_type";

    /// <summary><c>POST /integrated-account-webhook/{id}</c>.</summary>
    public async Task<InboundWebhookResponse> HandleForAccountAsync(Guid accountId, InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(accountId, cancellationToken) ?? throw NotFound("integrated account", accountId);
        var installation = await resolver.ResolveInstallationAsync(account.Value.EnvironmentId, account.Value.EnvironmentIntegrationId, cancellationToken);
        return await HandleAsync(installation, account, request, cancellationToken);
    }

    /// <summary><c>POST /environment-integration-webhook/{id}</c>: the account is found through <c>context_lookup_field_name</c>.</summary>
    public async Task<InboundWebhookResponse> HandleForEnvironmentIntegrationAsync(Guid installId, InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        var install = (await installs.FindAsync(installId, cancellationToken))?.Value ?? throw NotFound("environment integration", installId);
        return await HandleAsync(await resolver.ResolveInstallationAsync(install, cancellationToken), null, request, cancellationToken);
    }

    private async Task<InboundWebhookResponse> HandleAsync(
        ResolvedInstallation installation, Stored<IntegratedAccountRecord>? account, InboundWebhookRequest request, CancellationToken cancellationToken)
    {
        var (install, integration, config) = installation;
        var webhook = config.Model.Webhook ?? throw ApiException.NotFound($"integration {integration.Name} does not accept webhooks (no webhook config)");

        var accountContext = account is null ? new JsonObject() : await accounts.ReadContextWithSecretsAsync(account.Value, cancellationToken);
        var payloadContext = BuildPayloadContext(request, accountContext, install.EnvironmentVariables);

        if (webhook.PayloadTransform is { } transform)
        {
            payloadContext = Evaluate(transform, payloadContext, "payload_transform") switch
            {
                null => payloadContext,
                JsonObject replaced => replaced,
                var other => throw BadRequest($"$.webhook.payload_transform: must return an object, got {other.GetValueKind().ToString().ToLowerInvariant()}"),
            };
        }

        var verification = webhook.HandleVerification is { } handle ? Evaluate(handle, payloadContext, "handle_verification") : null;
        if (verification is not null and not JsonObject)
        {
            throw BadRequest("$.webhook.handle_verification: must return an object with a type");
        }

        var verificationType = (verification as JsonObject)?["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var typeText) ? typeText : "payload";
        if (verificationType is not ("verify" or "meta" or "payload" or LegacyUpdateContextType))
        {
            throw BadRequest($"$.webhook.handle_verification: unknown type '{verificationType}' (expected verify, meta or payload)");
        }

        var update = ContextUpdate(verification as JsonObject, verificationType);
        if (update is null && verificationType == "verify") return VerificationResponse((JsonObject)verification!);
        if (update is null && verificationType == "meta") return InboundWebhookResponse.Acknowledged("ignored");

        if (account is null)
        {
            account = await LookUpAccountAsync(install, webhook, payloadContext, cancellationToken);
            payloadContext["context"] = await accounts.ReadContextWithSecretsAsync(account.Value, cancellationToken);
        }

        if (webhook.SignatureVerification is { } signature)
        {
            var check = verifier.Verify(signature, payloadContext);
            if (!check.IsValid)
            {
                LogRejected(logger, account.Value.Id, integration.Name, check.Problem!);
                throw new ApiException(401, $"webhook signature rejected: {check.Problem}");
            }
        }

        if (update is not null) await accounts.MergeContextAsync(account.Value, update, null, cancellationToken);
        switch (verificationType)
        {
            case "verify":
                return VerificationResponse((JsonObject)verification!);
            case "meta":
                return InboundWebhookResponse.Acknowledged("ignored");
            case LegacyUpdateContextType:
                return InboundWebhookResponse.Acknowledged("context_updated");
        }

        var events = RecordEvents.From((verification as JsonObject)?["payload"] ?? payloadContext["payload"], payloadContext["body"], account.Value, time.GetUtcNow());
        foreach (var platformEvent in events)
        {
            await publisher.PublishAsync(platformEvent, cancellationToken);
        }

        LogAccepted(logger, account.Value.Id, integration.Name, events.Count);
        return InboundWebhookResponse.Acknowledged("accepted", events.Count);
    }

    private static JsonObject BuildPayloadContext(InboundWebhookRequest request, JsonObject accountContext, JsonObject environmentVariables)
    {
        var rawBody = Encoding.UTF8.GetString(request.RawBody.Span);
        var headers = new JsonObject();
        foreach (var (name, value) in request.Headers) headers[name] = value;
        var query = new JsonObject();
        foreach (var (name, value) in request.Query) query[name] = value;
        var body = ParseBody(request, rawBody);
        var context = new JsonObject
        {
            ["body"] = body,
            ["raw_body"] = rawBody,
            ["headers"] = headers,
            ["query"] = query,
            ["method"] = request.Method,
            ["url"] = request.Url,
            ["context"] = accountContext,
            ["environment_variables"] = environmentVariables.DeepClone(),
        };
        // webhook_type: the vendor's own label of the delivery, from the body or else the query string.
        if (((body as JsonObject)?[WebhookTypeField] ?? query[WebhookTypeField]) is JsonValue type && type.TryGetValue<string>(out var typeText)) context[WebhookTypeField] = typeText;
        return context;
    }

    /// <summary>JSON and form bodies are parsed; anything else is kept as text.</summary>
    private static JsonNode? ParseBody(InboundWebhookRequest request, string rawBody)
    {
        if (request.RawBody.IsEmpty) return null;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var form = new JsonObject();
            foreach (var pair in rawBody.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var separator = pair.IndexOf('=');
                var name = Uri.UnescapeDataString((separator < 0 ? pair : pair[..separator]).Replace('+', ' '));
                form[name] = separator < 0 ? "" : Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
            }
            return form;
        }

        var looksJson = contentType.Length == 0 || contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        if (!looksJson) return rawBody;
        try
        {
            return JsonNode.Parse(request.RawBody.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException) when (contentType.Length == 0)
        {
            // Undeclared and not JSON: keep it as text, as for any other content type.
            return rawBody;
        }
        catch (JsonException exception)
        {
            throw BadRequest($"$.body: the webhook body is not valid JSON ({exception.Message})");
        }
    }

    private JsonNode? Evaluate(string source, JsonObject payloadContext, string key)
    {
        try
        {
            // The platform's function set, so that Truto's extensions ($sign, $digest, $parseQuery...)
            // are available to handshakes and transforms as everywhere else.
            return expressions.GetOrCompile(source).Evaluate(payloadContext, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw BadRequest($"$.webhook.{key}: {exception.Message}");
        }
    }

    private static InboundWebhookResponse VerificationResponse(JsonObject verification)
    {
        var answer = verification["verification_response"] as JsonObject ?? [];
        var status = answer["status_code"] is JsonValue code && code.TryGetValue<double>(out var number) && number is >= 200 and < 600 ? (int)number : 200;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (answer["headers"] is JsonObject headerObject)
        {
            foreach (var (name, value) in headerObject)
            {
                if (value is not null) headers[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString();
            }
        }

        return answer["body"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => new InboundWebhookResponse(status, null, text, headers),
            var body => new InboundWebhookResponse(status, body?.DeepClone(), null, headers),
        };
    }

    private async Task<Stored<IntegratedAccountRecord>> LookUpAccountAsync(
        EnvironmentIntegrationRecord install, WebhookConfig webhook, JsonObject payloadContext, CancellationToken cancellationToken)
    {
        var field = webhook.ContextLookupFieldName
            ?? throw BadRequest("$.webhook.context_lookup_field_name: required for environment-integration webhooks");
        var value = templates.ResolveRequired(webhook.ContextLookupValue ?? "{{body." + field + "}}", new JsonObjectScope(payloadContext));
        if (string.IsNullOrEmpty(value)) throw BadRequest($"the webhook carries no value for the account lookup field {field}");

        return await accounts.FindByContextValueAsync(install.EnvironmentId, install.Id, field, value, cancellationToken)
            ?? throw new ApiException(404, $"no integrated account of this installation has {field} = the webhook's value");
    }

    /// <summary>The <c>update_context</c> object riding on the answer (or <c>context</c> of the legacy type); <c>null</c> when there is none.</summary>
    private static JsonObject? ContextUpdate(JsonObject? verification, string type)
    {
        var key = type == LegacyUpdateContextType && verification?["update_context"] is null ? "context" : "update_context";
        return verification?[key] switch
        {
            null when type == LegacyUpdateContextType => throw BadRequest("$.webhook.handle_verification: type update_context needs an update_context object"),
            null => null,
            JsonObject patch => patch,
            var other => throw BadRequest($"$.webhook.handle_verification: update_context must be an object, got {other.GetValueKind().ToString().ToLowerInvariant()}"),
        };
    }

    private static ApiException NotFound(string what, Guid id) => ApiException.NotFound(what, id);

    private static ApiException BadRequest(string message) => ApiException.BadRequest(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound webhook for account {AccountId} ({Integration}) rejected: {Problem}")]
    private static partial void LogRejected(ILogger logger, Guid accountId, string integration, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound webhook for account {AccountId} ({Integration}) accepted: {EventCount} events")]
    private static partial void LogAccepted(ILogger logger, Guid accountId, string integration, int eventCount);
}
