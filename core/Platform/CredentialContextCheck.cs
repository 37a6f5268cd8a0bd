using Serverless.Core.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Core.Platform;


/// <summary>What checking an account context against the integration's credential fields found.</summary>
public sealed record CredentialContextResult(
    string? AuthenticationMethod, JsonObject Context, IReadOnlyDictionary<string, string> SecretValues, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Checks an integrated account's context against the credential definition for its authentication
/// method (SPEC §2.5): required fields, <c>pattern</c>, <c>single_select</c> options, defaults.
/// Context keys that are not credential fields are allowed: the context also carries account data
/// such as OAuth tokens and values that configs template in.
/// Fields of type <c>password</c> are split out as secrets.
/// </summary>
public static class CredentialContextCheck
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    public static CredentialContextResult Check(JsonObject config, string? authenticationMethod, JsonObject context, string contextPath = "$.context")
    {
        var errors = new List<ValidationError>();
        var result = (JsonObject)context.DeepClone();
        var secretValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var (method, definition) = ResolveDefinition(config["credentials"] as JsonObject, authenticationMethod, errors);
        if (definition?["config"]?["fields"] is JsonArray fields)
        {
            foreach (var field in fields.OfType<JsonObject>())
            {
                CheckField(field, result, contextPath, errors, secretValues);
            }
        }

        foreach (var name in secretValues.Keys)
        {
            result.Remove(name);
        }

        return new CredentialContextResult(method, result, secretValues, errors);
    }

    /// <summary>The credential definition for a method: <c>credentials</c> is one definition with a
    /// <c>format</c>, or a map keyed by format.</summary>
    private static (string? Method, JsonObject? Definition) ResolveDefinition(JsonObject? credentials, string? method, List<ValidationError> errors)
    {
        if (credentials is null)
        {
            return (method, null);
        }

        if (credentials["format"] is JsonValue formatValue && formatValue.TryGetValue(out string? format))
        {
            if (method is not null && method != format)
            {
                errors.Add(new ValidationError("$.authentication_method", $"'{method}' is not supported by this integration (expected {format})"));
                return (method, null);
            }

            return (format, credentials);
        }

        if (method is null)
        {
            if (credentials.Count == 1)
            {
                var only = credentials.First();
                return (only.Key, only.Value as JsonObject);
            }

            errors.Add(new ValidationError("$.authentication_method", $"required: this integration supports {string.Join(", ", credentials.Select(c => c.Key))}"));
            return (null, null);
        }

        if (credentials[method] is JsonObject definition)
        {
            return (method, definition);
        }

        errors.Add(new ValidationError("$.authentication_method", $"'{method}' is not supported by this integration (expected one of {string.Join(", ", credentials.Select(c => c.Key))})"));
        return (method, null);
    }

    private static void CheckField(JsonObject field, JsonObject context, string contextPath, List<ValidationError> errors, Dictionary<string, string> secretValues)
    {
        if (field["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name))
        {
            return;
        }

        var path = $"{contextPath}.{name}";
        var type = Text(field["type"]) ?? "text";
        var required = field["required"] is JsonValue requiredValue && requiredValue.TryGetValue(out bool isRequired) && isRequired;
        var value = context[name];
        if (value is null && field["default"] is { } fallback)
        {
            value = fallback.DeepClone();
            context[name] = value;
        }

        if (value is null || (value is JsonValue empty && empty.TryGetValue(out string? emptyText) && emptyText.Length == 0))
        {
            if (required)
            {
                errors.Add(new ValidationError(path, "required"));
            }

            return;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new ValidationError(path, $"expected string, got {KindName(value.GetValueKind())}"));
            return;
        }

        var text = value.GetValue<string>();
        if (Text(field["pattern"]) is { } pattern && !MatchesPattern(text, pattern, path, errors))
        {
            return;
        }

        if (type == "single_select" && field["options"] is JsonArray options)
        {
            var allowed = options.Select(option => option is JsonObject withValue ? Text(withValue["value"]) : Text(option)).OfType<string>().ToList();
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError(path, $"'{text}' is not one of the options ({string.Join(", ", allowed)})"));
                return;
            }
        }

        if (type == "password")
        {
            secretValues[name] = text;
        }
    }

    private static bool MatchesPattern(string text, string pattern, string path, List<ValidationError> errors)
    {
        try
        {
            if (Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout))
            {
                return true;
            }

            errors.Add(new ValidationError(path, $"does not match the pattern {pattern}"));
        }
        catch (ArgumentException)
        {
            errors.Add(new ValidationError(path, $"the integration's pattern {pattern} is not a valid regular expression"));
        }
        catch (RegexMatchTimeoutException)
        {
            errors.Add(new ValidationError(path, $"matching the pattern {pattern} took too long"));
        }

        return false;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    internal static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
