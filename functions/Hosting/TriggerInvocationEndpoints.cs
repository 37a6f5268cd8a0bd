using System.Text.Json;
using Serverless.Core.Storage;
using Serverless.Core.Triggers;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Azure mode: the Functions host invokes queue and timer functions with <c>POST /&lt;FunctionName&gt;</c>.
/// </summary>
/// <remarks>
/// Internet requests reach this port too, forwarded by the catch-all <c>http</c> function. Two guards keep
/// them away from these routes (docs/hosting.md): the catch-all's route constraint excludes every trigger
/// function name, so the host answers 404 itself; and here, a request that carries the front end's
/// forwarding headers, or lacks the host's invocation id, is answered 404 as if the route did not exist.
/// </remarks>
internal static partial class TriggerInvocationEndpoints
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    // Added by the App Service / Flex front end to every request it forwards from the internet; never
    // present on the host's own invocation requests, which it builds from scratch.
    internal static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Original-URL", "X-ARR-LOG-ID", "Forwarded", "DISGUISED-HOST"];

    // The host reads these names as written; the API's snake_case JSON options must not apply.
    private static readonly JsonSerializerOptions HostJson = new();

    public static void MapTriggerInvocations(this IEndpointRouteBuilder endpoints, TriggerDispatcher dispatcher)
    {
        foreach (var name in dispatcher.FunctionNames)
        {
            endpoints.MapPost("/" + name, (HttpContext http, TriggerDispatcher d, TimeProvider time, ILoggerFactory loggers) =>
                    InvokeAsync(name, http, d, time, loggers.CreateLogger(typeof(TriggerInvocationEndpoints).FullName!)))
                .ExcludeFromDescription();
        }
    }

    private static async Task<IResult> InvokeAsync(string functionName, HttpContext http, TriggerDispatcher dispatcher, TimeProvider time, ILogger logger)
    {
        if (!IsHostInvocation(http.Request))
        {
            LogRefusedForwarded(logger, functionName);
            return TypedResults.NotFound();
        }

        JsonDocument payload;
        try
        {
            payload = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Answer(StatusCodes.Status400BadRequest, $"Invalid invocation payload: {ex.Message}");
        }

        using (payload)
        {
            try
            {
                return dispatcher.IsQueueFunction(functionName)
                    ? await InvokeQueueFunctionAsync(functionName, payload.RootElement, http, dispatcher, logger)
                    : await InvokeTimerFunctionAsync(functionName, payload.RootElement, http, dispatcher, time);
            }
            catch (InvalidInvocationPayloadException ex)
            {
                return Answer(StatusCodes.Status400BadRequest, ex.Message);
            }
            catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
            {
                // A non-2xx fails the invocation: the host makes the message visible again and poisons it
                // after maxDequeueCount. The exception's message may carry vendor data, so only its type is returned.
                LogInvocationFailed(logger, functionName, ex);
                return Answer(StatusCodes.Status500InternalServerError, $"{functionName} failed: {ex.GetType().Name}");
            }
        }
    }

    private static async Task<IResult> InvokeQueueFunctionAsync(string functionName, JsonElement payload, HttpContext http, TriggerDispatcher dispatcher, ILogger logger)
    {
        var handler = dispatcher.QueueHandlers.First(h => string.Equals(h.FunctionName, functionName, StringComparison.OrdinalIgnoreCase));
        var context = HostInvocation.ReadQueueInvocation(payload, handler.QueueName);
        var largeBodies = http.RequestServices.GetService<IWorkQueue>() as BlobBackedWorkQueue;
        var queuedBody = context.MessageText;
        if (largeBodies is not null && BlobBackedWorkQueue.IsReference(queuedBody))
        {
            // The host hands over the queue's text as is: a body over the queue's limit is a blob reference.
            var queued = new QueueMessage(context.QueueName, context.MessageId, HostInvocation.ReadPopReceipt(payload) ?? string.Empty,
                queuedBody, context.DequeueCount, context.InsertionTime ?? DateTimeOffset.MinValue);
            var resolved = await largeBodies.ResolveAsync(queued, http.RequestAborted);
            if (resolved is null)
            {
                return Answer(StatusCodes.Status500InternalServerError, $"{functionName} failed: the message body's blob is missing");
            }
            context = context with { MessageText = resolved.Body };
        }

        await dispatcher.DispatchQueueAsync(functionName, context, http.RequestAborted);
        if (largeBodies is not null)
        {
            await DeleteLargeBodyAsync(largeBodies, queuedBody, functionName, logger);
        }
        return Answer(StatusCodes.Status200OK);
    }

    private static async Task<IResult> InvokeTimerFunctionAsync(string functionName, JsonElement payload, HttpContext http, TriggerDispatcher dispatcher, TimeProvider time)
    {
        var context = HostInvocation.ReadTimerInvocation(payload, time.GetUtcNow());
        await dispatcher.DispatchTimerAsync(functionName, context, http.RequestAborted);
        return Answer(StatusCodes.Status200OK);
    }

    private static IResult Answer(int statusCode, params string[] logs) =>
        TypedResults.Json(new HostInvocationResult(new Dictionary<string, object?>(), logs, null), HostJson, statusCode: statusCode);

    // The host deletes the message after the 2xx; the blob holding a large body is ours to delete. A failure
    // here only leaves an orphaned blob, so the invocation still succeeds.
    private static async Task DeleteLargeBodyAsync(BlobBackedWorkQueue largeBodies, string queuedBody, string functionName, ILogger logger)
    {
        try
        {
            await largeBodies.DeleteBodyAsync(queuedBody, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogLargeBodyNotDeleted(logger, functionName, ex);
        }
    }

    internal static bool IsHostInvocation(HttpRequest request) =>
        request.Headers.ContainsKey(InvocationIdHeader) && !ForwardingHeaders.Any(request.Headers.ContainsKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to trigger function {Function} that did not come from the Functions host")]
    private static partial void LogRefusedForwarded(ILogger logger, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger function {Function} succeeded but its message body blob could not be deleted")]
    private static partial void LogLargeBodyNotDeleted(ILogger logger, string function, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trigger function {Function} failed")]
    private static partial void LogInvocationFailed(ILogger logger, string function, Exception exception);
}
