using System.Text.Json.Nodes;

namespace Serverless.Core.Pagination;

/// <summary>
/// Where a walk through a vendor list stands: the vendor-specific values (page number, cursor, link,
/// offset), the page size asked for, and a fingerprint of the last page for loop detection.
/// </summary>
public sealed record PaginationState(JsonObject Values, int? Limit, string? PreviousPageHash = null)
{
    /// <summary>The string value at <paramref name="key"/>, or null when missing or not a string.</summary>
    public string? GetString(string key) =>
        Values.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The integer value at <paramref name="key"/>, or null when missing or not an integer.</summary>
    public int? GetInt(string key) =>
        Values.TryGetPropertyValue(key, out var value) && value is JsonValue scalar && scalar.TryGetValue<int>(out var number) ? number : null;

    /// <summary>A state holding only <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static PaginationState With(int? limit, string key, JsonNode? value) => new(new JsonObject { [key] = value }, limit);
}
