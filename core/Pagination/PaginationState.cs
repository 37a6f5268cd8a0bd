using System.Text.Json.Nodes;

namespace Serverless.Core.Pagination;

/// <summary>
/// Where a walk through a vendor list stands: the vendor-specific values (page number, cursor, link,
/// offset), the page size asked for, and a fingerprint of the last page for loop detection.
/// </summary>
public sealed record PaginationState(JsonObject Values, int? Limit, string? PreviousPageHash = null)
{
    public string? GetString(string key) =>
        Values.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : null;

    public int? GetInt(string key) =>
        Values.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<int>(out var number) ? number : null;

    public static PaginationState With(int? limit, string key, JsonNode? value) => new(new JsonObject { [key] = value }, limit);
}
