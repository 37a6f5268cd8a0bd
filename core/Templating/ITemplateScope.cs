using System.Text.Json.Nodes;

namespace Serverless.Core.Templating;

/// <summary>
/// The values placeholders read. Only the first path segment goes through the scope; the rest walks the
/// returned JSON, so a scope can expose several roots (<c>context</c>, <c>query</c>, <c>body</c> ...)
/// without copying them into one object. Values are read, never changed; a tree shared between threads
/// should be materialized first (<see cref="Json.JsonNodeMaterializer"/>), because parsed JSON objects
/// fill in their children lazily.
/// </summary>
public interface ITemplateScope
{
    /// <returns><c>false</c> when the root is undefined; <c>true</c> with a <c>null</c> value for JSON null.</returns>
    bool TryGetRoot(string name, out JsonNode? value);
}
