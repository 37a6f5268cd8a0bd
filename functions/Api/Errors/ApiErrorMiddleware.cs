using Microsoft.Extensions.Options;
using Serverless.Core.Errors;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Functions.Api.Errors;

/// <summary>
/// The one place where failures become the error envelope: <see cref="ApiException"/> with its status, details and
/// headers, the platform's domain exceptions with the status their meaning calls for, the server's own refusals
/// (<see cref="BadHttpRequestException"/>: a body over the limit is 413), anything else as a logged 500 with a generic
/// message, and bodiless 4xx answers from routing (404, 405) as envelopes too.
/// </summary>
internal sealed partial class ApiErrorMiddleware(RequestDelegate next, IOptions<PlatformApiOptions> options, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && Classify(exception, limit) is { } known)
        {
            context.Response.Clear();
            foreach (var (name, value) in known.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await ErrorEnvelope.WriteAsync(context.Response, known.StatusCode, known.Message, known.Details);
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ErrorEnvelope.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, "An internal error occurred; it has been logged.");
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && response.ContentType is null)
        {
            var message = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no endpoint at {context.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
                StatusCodes.Status415UnsupportedMediaType =>
                    $"Content-Type {(string.IsNullOrEmpty(context.Request.ContentType) ? "(none)" : context.Request.ContentType)} is not accepted here; send application/json",
                _ => ErrorEnvelope.For(response.StatusCode, "").Error,
            };
            await ErrorEnvelope.WriteAsync(response, response.StatusCode, message);
        }
    }

    private static ApiException? Classify(Exception exception, long bodyLimit) => exception switch
    {
        ApiException api => api,
        DuplicateNameException duplicate => ApiException.Conflict(duplicate.Message),
        StaleVersionException stale => ApiException.Conflict(stale.Message),
        ConfigTooLargeException tooLarge => new ApiException(StatusCodes.Status413PayloadTooLarge, tooLarge.Message),
        SyncRunRejectedException rejected => rejected.Kind switch
        {
            SyncRunRejection.NotFound => new ApiException(StatusCodes.Status404NotFound, rejected.Message),
            SyncRunRejection.Conflict => ApiException.Conflict(rejected.Message),
            _ => ApiException.Invalid(rejected.Errors),
        },
        InvalidCursorException cursor => ApiException.BadRequest($"$.next_cursor: {cursor.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new ApiException(StatusCodes.Status413PayloadTooLarge, $"$: the request body is larger than the limit of {bodyLimit} bytes"),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
