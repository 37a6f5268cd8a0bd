using System.Text;
using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary><c>basic</c>: <c>Authorization: Basic base64(user:pass)</c>; an undefined password is empty (API key as user name).</summary>
internal sealed class BasicCredentialsAuthorization(PlaceholderTemplate username, PlaceholderTemplate password) : RequestAuthorization
{
    public override void Apply(OutboundRequest request, ITemplateScope scope, JsonObject context)
    {
        var pair = $"{username.ResolveString(scope)}:{password.ResolveString(scope)}";
        request.Headers["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));
    }
}
