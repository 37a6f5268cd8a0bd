using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Core.Config;
using Serverless.Core.Json;

namespace Serverless.Core.Platform;

/// <summary>What checking an account context against the integration's credential fields found.</summary>
public sealed record CredentialContextResult(
    string? AuthenticationMethod, JsonObject Context, IReadOnlyDictionary<string, string> SecretValues, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Checks an integrated account's context against the credential definition for its authentication
/// method (SPEC §2.5): the <c>fields</c> of <c>api_key</c> and of OAuth2 definitions (values collected at connect time): required fields, <c>pattern</c> (matching the whole value), <c>single_select</c>
/// options, defaults. Context keys that are not credential fields are allowed: the context also
/// carries account data such as OAuth tokens and values that configs template in.
/// Fields of type <c>password</c> and the fields of <see cref="SecretContextFields"/> (OAuth tokens) are split out as secrets.
/// </summary>
public static class CredentialContextCheck
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Checks <paramref name="context"/> against the fields of <paramref name="config"/>'s credential definition for <paramref name="authenticationMethod"/>, fills in defaults and splits out the secret fields; problems are reported under <paramref name="contextPath"/>.</summary>
    public static CredentialContextResult Check(IntegrationConfig config, string? authenticationMethod, JsonObject context, string contextPath = "$.context")
    {
        var errors = new List<ValidationError>();
        var result = (JsonObject)context.DeepClone();
        var secretValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var (method, definition) = ResolveDefinition(config.Credentials, authenticationMethod, errors);
        IReadOnlyList<CredentialField> fields = definition switch
        {
            ApiKeyCredentials apiKey => apiKey.Config.Fields,
            OAuth2Credentials oauth => oauth.Config.Fields,
            OAuth2ClientCredentials clientCredentials => clientCredentials.Config.Fields,
            _ => [],
        };
        CheckFields(fields, result, contextPath, errors, secretValues);
        SecretContextFields.Split(result, secretValues);
        return new CredentialContextResult(method, result, secretValues, errors);
    }

    /// <summary>
    /// Checks <paramref name="values"/> against <paramref name="fields"/> alone (a <c>post_connect_user_form</c>'s
    /// answers): the values with defaults applied, the password values split out, and every problem.
    /// </summary>
    public static CredentialContextResult CheckFields(IReadOnlyList<CredentialField> fields, JsonObject values, string path)
    {
        var errors = new List<ValidationError>();
        var result = (JsonObject)values.DeepClone();
        var secretValues = new Dictionary<string, string>(StringComparer.Ordinal);
        CheckFields(fields, result, path, errors, secretValues);
        return new CredentialContextResult(null, result, secretValues, errors);
    }

    private static void CheckFields(IReadOnlyList<CredentialField> fields, JsonObject context, string contextPath, List<ValidationError> errors, Dictionary<string, string> secretValues)
    {
        foreach (var field in fields)
        {
            CheckField(field, context, contextPath, errors, secretValues);
        }

        foreach (var name in secretValues.Keys)
        {
            context.Remove(name);
        }
    }

    private static (string? Method, CredentialDefinition? Definition) ResolveDefinition(
        IReadOnlyDictionary<string, CredentialDefinition>? credentials, string? method, List<ValidationError> errors)
    {
        if (credentials is null || credentials.Count == 0)
        {
            return (method, null);
        }

        if (method is null)
        {
            if (credentials.Count == 1)
            {
                var only = credentials.First();
                return (only.Key, only.Value);
            }

            errors.Add(new ValidationError("$.authentication_method", $"required: this integration supports {string.Join(", ", credentials.Keys)}"));
            return (null, null);
        }

        if (credentials.TryGetValue(method, out var definition))
        {
            return (method, definition);
        }

        errors.Add(new ValidationError("$.authentication_method", $"'{method}' is not supported by this integration (expected {string.Join(" or ", credentials.Keys)})"));
        return (method, null);
    }

    private static void CheckField(CredentialField field, JsonObject context, string contextPath, List<ValidationError> errors, Dictionary<string, string> secretValues)
    {
        var path = JsonPath.Property(contextPath, field.Name);
        var value = context[field.Name];
        if (value is null && field.Default is { } fallback)
        {
            value = fallback;
            context[field.Name] = fallback;
        }

        if (value is null || (value is JsonValue empty && empty.TryGetValue(out string? emptyText) && emptyText.Length == 0))
        {
            if (field.Required)
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
        if (field.Pattern is { } pattern && !MatchesPattern(text, pattern, path, errors))
        {
            return;
        }

        if (field.Type == CredentialFieldType.SingleSelect && field.Options is { } options && !options.Any(option => option.Value == text))
        {
            errors.Add(new ValidationError(path, $"'{text}' is not one of the options ({string.Join(", ", options.Select(option => option.Value))})"));
            return;
        }

        if (field.Type == CredentialFieldType.Password)
        {
            secretValues[field.Name] = text;
        }
    }

    private static bool MatchesPattern(string text, string pattern, string path, List<ValidationError> errors)
    {
        try
        {
            // The config model defines the pattern as matching the whole value.
            if (Regex.IsMatch(text, $@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, PatternTimeout))
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

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
