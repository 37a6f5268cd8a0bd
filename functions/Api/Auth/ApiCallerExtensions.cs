using Serverless.Core.Errors;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Auth;

/// <summary>Access to the authenticated caller inside API handlers.</summary>
internal static class ApiCallerExtensions
{
    public static ApiCaller Caller(this HttpContext context) =>
        context.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("The endpoint does not require an API token (RequireApiToken).");

    /// <summary>For checks that depend on the body (e.g. a token of another environment): 403 unless the caller is <c>admin</c>.</summary>
    /// <param name="action">What is being attempted, as the message's subject ("creating a token of another environment").</param>
    public static ApiCaller RequireAdmin(this HttpContext context, string action)
    {
        var caller = context.Caller();
        return caller.IsAdmin ? caller : throw new ApiException(StatusCodes.Status403Forbidden, ApiScopeMetadata.Denied(action));
    }
}
