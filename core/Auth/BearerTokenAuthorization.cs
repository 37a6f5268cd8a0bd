using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary><c>bearer</c>: <c>Authorization: Bearer &lt;token&gt;</c>; an undefined token sends no header.</summary>
internal sealed class BearerTokenAuthorization(PlaceholderTemplate token) : RequestAuthorization
{
    public override void Apply(OutboundRequest request, ITemplateScope scope, JsonObject context)
    {
        if (token.ResolveString(scope) is { Length: > 0 } value) request.Headers["Authorization"] = "Bearer " + value;
        else request.Headers.Remove("Authorization");
    }
}
