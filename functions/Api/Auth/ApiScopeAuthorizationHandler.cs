using Microsoft.AspNetCore.Authorization;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Auth;

/// <summary>The requirement of the API token policy that the caller's scope covers the endpoint's (<see cref="ApiScopeMetadata"/>).</summary>
internal sealed class ApiScopeRequirement : IAuthorizationRequirement;

/// <summary>An <c>admin</c> token may do everything; an <c>environment</c> token what the endpoint allows it.</summary>
internal sealed class ApiScopeAuthorizationHandler : AuthorizationHandler<ApiScopeRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement, HttpContext http)
    {
        if (http.Features.Get<ApiCaller>() is not { } caller)
        {
            // Not authenticated: the policy's authenticated-user requirement answers 401.
            return Task.CompletedTask;
        }

        var required = ApiScopeMetadata.Required(http.GetEndpoint()?.Metadata.GetMetadata<ApiScopeMetadata>(), http.Request.Method);
        if (caller.IsAdmin || required == ApiTokenScope.Environment)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, ApiScopeMetadata.Denied($"{http.Request.Method} {http.Request.Path} (a team-level change)")));
        }

        return Task.CompletedTask;
    }
}
