using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary><c>header</c> with <c>config.headers</c>: header → templated value; <c>null</c> or undefined removes the header.</summary>
internal sealed class HeaderMapAuthorization(IReadOnlyDictionary<string, string?> headers) : RequestAuthorization
{
    private readonly (string Name, PlaceholderTemplate? Value)[] _compiled =
        [.. headers.Select(header => (header.Key, header.Value is null ? null : PlaceholderTemplate.Parse(header.Value)))];

    public override void Apply(OutboundRequest request, ITemplateScope scope, JsonObject context)
    {
        foreach (var (name, template) in _compiled)
        {
            if (template?.ResolveString(scope) is { } value) request.Headers[name] = value;
            else request.Headers.Remove(name);
        }
    }
}
