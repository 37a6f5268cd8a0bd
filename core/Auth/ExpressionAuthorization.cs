using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Jsonata;
using Serverless.Core.Templating;

namespace Serverless.Core.Auth;

/// <summary>
/// <c>header</c> with <c>config.expression</c>: JSONata over <c>{url, requestOptions: {method, headers, body}, context}</c>
/// returning <c>{url, requestOptions}</c>, for request signing and URL rewrites. A returned <c>url</c> is
/// requested exactly as given; returned headers replace the request's (a <c>null</c> removes one).
/// Map headers, when configured too, are applied first.
/// </summary>
internal sealed class ExpressionAuthorization(HeaderMapAuthorization? headers, JsonataExpression expression) : RequestAuthorization
{
    public override void Apply(OutboundRequest request, ITemplateScope scope, JsonObject context)
    {
        headers?.Apply(request, scope, context);
        var requestHeaders = new JsonObject();
        foreach (var (name, value) in request.Headers) requestHeaders[name] = value;
        var input = new JsonObject
        {
            ["url"] = request.ResolveUrl(),
            ["requestOptions"] = new JsonObject { ["method"] = request.Method.Method, ["headers"] = requestHeaders, ["body"] = request.Body?.DeepClone() },
            ["context"] = context.DeepClone(),
        };
        JsonNode? result;
        try
        {
            result = expression.Evaluate(input, null, JsonataPlatformFunctions.Shared.Options).ToJsonNode();
        }
        catch (JsonataException exception)
        {
            throw new AuthorizationException($"authorization.config.expression failed: {exception.Message}", exception);
        }
        if (result is not JsonObject output) return;
        if (output["url"] is JsonValue url && url.TryGetValue<string>(out var rewritten) && rewritten != input["url"]!.GetValue<string>())
        {
            request.FollowUrl = rewritten;
        }
        if (output["requestOptions"] is not JsonObject options) return;
        if (options["headers"] is JsonObject newHeaders)
        {
            request.Headers.Clear();
            foreach (var (name, value) in newHeaders)
            {
                if (value is JsonValue scalar) request.Headers[name] = QueryStringWriter.Scalar(scalar);
            }
        }
        if (options.ContainsKey("body")) request.Body = options["body"]?.DeepClone();
    }
}
