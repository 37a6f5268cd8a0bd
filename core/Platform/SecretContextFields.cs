using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Platform;

/// <summary>
/// Context fields that carry credentials whatever the integration's credential definition says: the
/// OAuth token set (<c>oauth</c>, an object stored as JSON) and well-known secret names. They are kept in
/// the secret store like password fields and masked on every read.
/// </summary>
internal static class SecretContextFields
{
    /// <summary>Stored as JSON text and read back as an object.</summary>
    public const string OAuth = "oauth";

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        OAuth, "access_token", "refresh_token", "id_token", "client_secret", "api_secret", "password", "private_key",
    };

    public static bool IsSecret(string field) => SecretNames.Contains(field);

    /// <summary>Moves the secret-bearing fields of <paramref name="context"/> into <paramref name="secretValues"/>.</summary>
    public static void Split(JsonObject context, IDictionary<string, string> secretValues)
    {
        foreach (var (field, value) in context.ToList())
        {
            if (value is null || !IsSecret(field)) continue;
            secretValues[field] = ToSecret(value);
            context.Remove(field);
        }
    }

    /// <summary>A secret value as stored: strings as they are, anything else as JSON text.</summary>
    public static string ToSecret(JsonNode value) =>
        value is JsonValue scalar && scalar.TryGetValue(out string? text) ? text : value.ToJsonString();

    /// <summary>A stored secret value as the context holds it.</summary>
    public static JsonNode? FromSecret(string field, string value)
    {
        if (field != OAuth) return value;
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }
}
