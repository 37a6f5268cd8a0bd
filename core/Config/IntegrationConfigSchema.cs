using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Serverless.Core.Json.Schema;

namespace Serverless.Core.Config;

/// <summary>The rules of an integration config (SPEC §2, §5, §9), built once. See docs/integration-config.md.</summary>
public static class IntegrationConfigSchema
{
    public static readonly IReadOnlyList<string> ResourceHttpMethods = ["get", "post", "put", "patch", "delete"];

    public static readonly IReadOnlyList<string> ActionHttpMethods = ["get", "post", "put", "patch", "delete", "head", "options", "connect", "trace"];

    public static readonly IReadOnlyList<string> QueryArrayFormats = ["comma", "brackets", "indices", "repeat"];

    public static readonly IReadOnlyList<string> BodyFormats = ["json", "form", "multipart", "raw", "xml"];

    private static readonly StringRule Text = new();
    private static readonly StringRule NonEmptyText = new() { NonEmpty = true };
    private static readonly StringRule Template = new() { Template = true };
    private static readonly StringRule RequiredTemplate = new() { Template = true, NonEmpty = true };
    private static readonly StringRule Url = new() { Template = true, AbsoluteUrl = true };
    private static readonly StringRule Jsonata = new() { Jsonata = true, NonEmpty = true };
    // The model holds these as int.
    private static readonly IntegerRule PositiveInteger = new() { Min = 1, Max = int.MaxValue };
    private static readonly IntegerRule NonNegativeInteger = new() { Min = 0, Max = int.MaxValue };
    private static readonly IntegerRule AnyInteger = new() { Min = int.MinValue, Max = int.MaxValue };
    private static readonly BooleanRule Boolean = BooleanRule.Instance;
    private static readonly MapRule Headers = new(Template) { NullValues = true };
    private static readonly MapRule Query = new(AnyRule.Template) { NullValues = true };

    /// <summary>The rule of a whole config document.</summary>
    public static SchemaRule Root { get; } = BuildRoot();

    private static PropertyRule Required(SchemaRule rule) => new(rule, Required: true);

    private static PropertyRule Optional(SchemaRule rule) => new(rule);

    private static ObjectRule Object(params (string Name, PropertyRule Rule)[] properties) =>
        new(properties.ToDictionary(p => p.Name, p => p.Rule, StringComparer.Ordinal));

    private static ObjectRule Object(Action<JsonObject, string, SchemaContext>[] checks, params (string Name, PropertyRule Rule)[] properties) =>
        new(properties.ToDictionary(p => p.Name, p => p.Rule, StringComparer.Ordinal)) { Checks = checks };

    private static StringRule Enum(string label, IReadOnlyList<string> values, bool ignoreCase = false) =>
        new() { AllowedValues = values, ValueLabel = label, IgnoreCase = ignoreCase };

    /// <summary><c>{format, config}</c> with one config rule per format.</summary>
    private static DiscriminatedRule Formats(bool configRequired, params (string Format, ObjectRule Config)[] formats) =>
        Formats(configRequired ? formats.Select(f => f.Format).ToArray() : [], formats);

    private static DiscriminatedRule Formats(string[] configRequiredFor, params (string Format, ObjectRule Config)[] formats) =>
        new("format", formats.ToDictionary(
            f => f.Format,
            f => new ObjectRule(new Dictionary<string, PropertyRule> { ["config"] = new(f.Config, Required: configRequiredFor.Contains(f.Format)) }) { IgnoredProperties = ["format"] },
            StringComparer.Ordinal));

    private static Action<JsonObject, string, SchemaContext> AtLeastOneOf(params string[] names) => (obj, path, context) =>
    {
        if (!names.Any(obj.ContainsKey))
        {
            context.Add(path, $"needs one of {string.Join(", ", names)}");
        }
    };

    private static SchemaRule BuildRoot()
    {
        var authorization = Formats(
            configRequired: false,
            ("bearer", Object(("token", Optional(Template)))),
            ("basic", Object(("username", Optional(Template)), ("password", Optional(Template)))),
            ("header", Object([AtLeastOneOf("headers", "expression")], ("headers", Optional(Headers)), ("expression", Optional(Jsonata)))));

        // Every format but dynamic has usable defaults, so only dynamic requires a config.
        var pagination = Formats(
            configRequiredFor: ["dynamic"],
            ("page", Object(
                ("page_key", Optional(NonEmptyText)), ("limit_key", Optional(NonEmptyText)), ("start_page", Optional(AnyInteger)),
                ("max_limit", Optional(PositiveInteger)), ("add_to_body", Optional(Boolean)), ("add_to_query", Optional(Boolean)),
                ("remove_limit_key", Optional(Boolean)), ("detect_loop", Optional(Boolean)))),
            ("cursor", Object(
                ("cursor_key", Optional(NonEmptyText)), ("cursor_path", Optional(NonEmptyText)),
                ("cursor_path_object", Optional(Enum("cursor_path_object", ["body", "headers"]))),
                ("has_more_path", Optional(NonEmptyText)), ("is_link", Optional(Boolean)), ("limit_key", Optional(NonEmptyText)),
                ("max_limit", Optional(PositiveInteger)), ("add_to_body", Optional(Boolean)), ("decode", Optional(Boolean)),
                ("allow_empty", Optional(Boolean)))),
            ("link_header", Object(("limit_key", Optional(NonEmptyText)), ("max_limit", Optional(PositiveInteger)))),
            ("offset", Object(
                ("offset_key", Optional(NonEmptyText)), ("limit_key", Optional(NonEmptyText)), ("start_offset", Optional(NonNegativeInteger)),
                ("total_path", Optional(NonEmptyText)), ("max_limit", Optional(PositiveInteger)), ("add_to_body", Optional(Boolean)))),
            ("range", Object(
                ("start_key", Optional(NonEmptyText)), ("end_key", Optional(NonEmptyText)), ("start", Optional(NonNegativeInteger)),
                ("max_limit", Optional(PositiveInteger)), ("total_path", Optional(NonEmptyText)))),
            ("dynamic", Object(
                ("get_initial_pagination_values_expression", Optional(Jsonata)),
                ("get_pagination_values_expression", Required(Jsonata)),
                ("get_cursor_from_response_expression", Optional(Jsonata)))));

        var rateLimit = Object(
            ("is_rate_limited", Optional(Jsonata)),
            ("retry_after_header_expression", Optional(Jsonata)),
            ("rate_limit_header_expression", Optional(Jsonata)));

        var credentialField = Object(
            [SingleSelectNeedsOptions],
            ("name", Required(new StringRule { Identifier = true })),
            ("label", Optional(Text)),
            ("type", Optional(Enum("type", ["text", "password", "single_select"]))),
            ("required", Optional(Boolean)),
            ("default", Optional(Text)),
            ("pattern", Optional(new StringRule { RegexPattern = true })),
            ("help_text", Optional(Text)),
            ("options", Optional(new ArrayRule(Object(("value", Required(Text)), ("label", Optional(Text)))) { UniqueBy = "value", UniqueLabel = "option value" })));

        var oauth2 = Object(
            ("client", Required(Object(("id", Required(RequiredTemplate)), ("secret", Optional(Template))))),
            ("auth", Required(Object(
                ("tokenHost", Required(Url)), ("tokenPath", Optional(Template)), ("authorizeHost", Optional(Url)),
                ("authorizePath", Optional(Template)), ("refreshPath", Optional(Template))))),
            ("options", Optional(Object(
                ("scopeSeparator", Optional(Text)),
                ("authorizationMethod", Optional(Enum("authorizationMethod", ["header", "body"]))),
                ("bodyFormat", Optional(Enum("bodyFormat", ["form", "json"])))))),
            ("scope", Optional(new ArrayRule(NonEmptyText))),
            ("tokenParams", Optional(new MapRule(AnyRule.Template))),
            ("refreshParams", Optional(new MapRule(AnyRule.Template))),
            ("tokenExpiryDuration", Optional(PositiveInteger)));

        var credentials = Formats(
            configRequired: true,
            ("api_key", Object(("fields", Required(new ArrayRule(credentialField) { UniqueBy = "name", UniqueLabel = "field name" })))),
            ("oauth2", oauth2),
            ("oauth2_client_credentials", oauth2));

        var resourceMethod = Object(
            [NotBothWhenTrue("authorization", "no_auth")],
            ("method", Required(Enum("HTTP method", ResourceHttpMethods, ignoreCase: true))),
            ("path", Required(RequiredTemplate)),
            ("base_url", Optional(Url)),
            ("headers", Optional(Headers)),
            ("query", Optional(Query)),
            ("body", Optional(AnyRule.Template)),
            ("body_format", Optional(Enum("body_format", BodyFormats))),
            ("query_array_format", Optional(Enum("query_array_format", QueryArrayFormats))),
            ("response_path", Optional(Text)),
            ("pagination", new PropertyRule(pagination, Nullable: true)),
            ("authorization", Optional(authorization)),
            ("no_auth", Optional(Boolean)),
            ("error_expression", Optional(Jsonata)),
            ("rate_limit", Optional(rateLimit)));

        var hmac = Object(
            [ExactlyOneOf("parts", "verification_content"), Requires("timestamp_tolerance_seconds", "timestamp")],
            ("secret", Required(RequiredTemplate)),
            ("algorithm", Optional(Enum("algorithm", ["sha1", "sha256", "sha512"]))),
            ("string_type", Optional(Enum("string_type", ["hex", "base64", "base64url"]))),
            ("compare_with", Required(RequiredTemplate)),
            ("parts", Optional(new ArrayRule(NonEmptyText) { NonEmpty = true })),
            ("verification_content", Optional(new ArrayRule(Template) { NonEmpty = true })),
            ("prefix", Optional(Text)),
            ("timestamp", Optional(RequiredTemplate)),
            ("timestamp_tolerance_seconds", Optional(PositiveInteger)));

        var signature = Formats(
            configRequired: true,
            ("hmac", hmac),
            ("basic", Object(("username", Required(RequiredTemplate)), ("password", Required(Template)))),
            ("bearer", Object(("token", Required(RequiredTemplate)), ("compare_with", Optional(Template)))),
            ("jwt", Object(("secret", Required(RequiredTemplate)), ("algorithm", Optional(Enum("algorithm", ["HS256", "HS384", "HS512"]))), ("token", Optional(Template)))));

        var webhook = Object(
            ("signature_verification", Optional(signature)),
            ("handle_verification", Optional(Jsonata)),
            ("payload_transform", Optional(Jsonata)),
            ("context_lookup_field_name", Optional(NonEmptyText)),
            ("context_lookup_value", Optional(Template)));

        var requestConfig = Object(
            [AtLeastOneOf("path", "url")],
            ("method", Required(Enum("HTTP method", ActionHttpMethods, ignoreCase: true))),
            ("path", Optional(RequiredTemplate)),
            ("url", Optional(Url)),
            ("base_url", Optional(Url)),
            ("headers", Optional(Headers)),
            ("query", Optional(Query)),
            ("body", Optional(AnyRule.Template)),
            ("body_format", Optional(Enum("body_format", BodyFormats))),
            ("response_path", Optional(Text)));

        var actionValue = Object(
            ("name", Required(NonEmptyText)),
            ("key", Optional(NonEmptyText)),
            ("type", Optional(Enum("type", ["string", "integer", "number", "boolean", "datetime", "object", "array", "any"]))),
            ("required", Optional(Boolean)));

        var step = new DiscriminatedRule("type", new Dictionary<string, ObjectRule>(StringComparer.Ordinal)
        {
            ["request"] = new(new Dictionary<string, PropertyRule> { ["name"] = Optional(Text), ["config"] = Required(requestConfig) }) { IgnoredProperties = ["type"] },
            ["transform"] = new(new Dictionary<string, PropertyRule> { ["name"] = Optional(Text), ["expression"] = Required(Jsonata) }) { IgnoredProperties = ["type"] },
            ["update_context"] = new(new Dictionary<string, PropertyRule> { ["name"] = Optional(Text), ["expression"] = Required(Jsonata) }) { IgnoredProperties = ["type"] },
        });

        var action = Object(
            [ActionIsRequestOrSteps],
            ("type", Optional(Enum("action type", ["request"]))),
            ("inputs", Optional(new ArrayRule(actionValue) { UniqueBy = "name", UniqueLabel = "input name" })),
            ("config", Optional(requestConfig)),
            ("outputs", Optional(new ArrayRule(actionValue) { UniqueBy = "name", UniqueLabel = "output name" })),
            ("steps", Optional(new ArrayRule(step) { NonEmpty = true })));

        return Object(
            ("base_url", Optional(Url)),
            ("headers", Optional(Headers)),
            ("query", Optional(Query)),
            ("query_array_format", Optional(Enum("query_array_format", QueryArrayFormats))),
            ("body_format", Optional(Enum("body_format", BodyFormats))),
            ("credentials", Optional(new CredentialsRule(credentials))),
            ("authorization", Optional(authorization)),
            ("pagination", Optional(pagination)),
            ("rate_limit", Optional(rateLimit)),
            ("error_expression", Optional(Jsonata)),
            ("timeout_ms", Optional(new IntegerRule { Min = 1, Max = 600_000 })),
            ("resources", Optional(new MapRule(new MapRule(resourceMethod) { KeyCheck = NameCheck }) { KeyCheck = NameCheck })),
            ("webhook", Optional(webhook)),
            ("actions", Optional(new MapRule(action) { KeyCheck = NameCheck })));
    }

    private static string? NameCheck(string name) =>
        name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            ? $"'{name}' is not a valid name (letters, digits, '_' and '-')"
            : null;

    private static void SingleSelectNeedsOptions(JsonObject field, string path, SchemaContext context)
    {
        if (field["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "single_select" && field["options"] is not JsonArray { Count: > 0 })
        {
            context.Add(JsonPath.Property(path, "options"), "required for a single_select field");
        }
    }

    private static void ActionIsRequestOrSteps(JsonObject action, string path, SchemaContext context)
    {
        var isRequest = action["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "request";
        if (isRequest && !action.ContainsKey("config"))
        {
            context.Add(JsonPath.Property(path, "config"), "required for a request action");
        }
        else
        {
            ExactlyOneOf("config", "steps")(action, path, context);
        }
    }

    private static Action<JsonObject, string, SchemaContext> NotBothWhenTrue(string first, string flag) => (obj, path, context) =>
    {
        if (obj.ContainsKey(first) && obj[flag] is JsonValue v && v.TryGetValue<bool>(out var on) && on)
        {
            context.Add(JsonPath.Property(path, flag), $"cannot be true together with {first}");
        }
    };

    private static Action<JsonObject, string, SchemaContext> ExactlyOneOf(string first, string second) => (obj, path, context) =>
    {
        var count = (obj.ContainsKey(first) ? 1 : 0) + (obj.ContainsKey(second) ? 1 : 0);
        if (count == 0)
        {
            context.Add(path, $"needs one of {first}, {second}");
        }
        else if (count == 2)
        {
            context.Add(JsonPath.Property(path, second), $"cannot be used together with {first}");
        }
    };

    private static Action<JsonObject, string, SchemaContext> Requires(string name, string dependency) => (obj, path, context) =>
    {
        if (obj.ContainsKey(name) && !obj.ContainsKey(dependency))
        {
            context.Add(JsonPath.Property(path, dependency), $"required when {name} is set");
        }
    };
}
