using System.Text.Json.Nodes;
using Serverless.Core.Json;
using Serverless.Core.Config.Schema;

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
    private static readonly IntegerRule PositiveIntegerOrNumericString = new() { Min = 1, Max = int.MaxValue, AllowNumericString = true };
    private static readonly IntegerRule NonNegativeInteger = new() { Min = 0, Max = int.MaxValue };
    private static readonly IntegerRule AnyInteger = new() { Min = int.MinValue, Max = int.MaxValue };
    private static readonly BooleanRule Boolean = BooleanRule.Instance;
    private static readonly MapRule Headers = new(Template) { NullValues = true };
    private static readonly MapRule Query = new(AnyRule.Template) { NullValues = true };
    private static readonly MapRule TemplateMap = new(Template);

    /// <summary>One credential field: also the shape of a <c>post_connect_user_form</c> action's form.</summary>
    private static readonly ObjectRule CredentialField = Object(
        [SingleSelectNeedsOptions],
        ("name", Required(new StringRule { Identifier = true })),
        ("label", Optional(Text)),
        ("type", Optional(Enum("type", ["text", "password", "single_select"]))),
        ("required", Optional(Boolean)),
        ("default", Optional(Text)),
        ("pattern", Optional(new StringRule { RegexPattern = true })),
        ("help_text", Optional(Text)),
        ("options", Optional(new ArrayRule(Object(("value", Required(Text)), ("label", Optional(Text)))) { UniqueBy = "value", UniqueLabel = "option value" })));

    /// <summary>The rule of a whole config document.</summary>
    public static SchemaRule Root { get; } = BuildRoot();

    /// <summary>A list of credential fields with unique names (<c>fields</c>, and a <c>post_connect_user_form</c> action's form).</summary>
    public static SchemaRule Fields { get; } = CredentialFields(CredentialField);

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

    /// <summary>
    /// <paramref name="properties"/> plus each alias read as its canonical name (<see cref="ConfigAliasAttribute"/>),
    /// with a check that a config does not give both.
    /// </summary>
    private static ObjectRule Aliased((string Alias, string Name)[] aliases, params (string Name, PropertyRule Rule)[] properties)
    {
        var all = properties.ToDictionary(p => p.Name, p => p.Rule, StringComparer.Ordinal);
        foreach (var (alias, name) in aliases) all[alias] = all[name] with { Required = false };
        var required = aliases.Where(a => all[a.Name].Required).ToArray();
        foreach (var (_, name) in required) all[name] = all[name] with { Required = false };
        return new ObjectRule(all)
        {
            Checks = [.. aliases.Select(a => NotBoth(a.Name, a.Alias)), .. required.Select(a => AtLeastOneOf(a.Name, a.Alias))],
        };
    }

    private static Action<JsonObject, string, SchemaContext> NotBoth(string name, string alias) => (obj, path, context) =>
    {
        if (obj.ContainsKey(name) && obj.ContainsKey(alias))
        {
            context.Add(JsonPath.Property(path, alias), $"is another name of {name}; give only one of them");
        }
    };

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
            ("bearer", Aliased([("value", "token")], ("token", Optional(Template)))),
            ("basic", Object(("username", Optional(Template)), ("password", Optional(Template)))),
            ("header", Object([AtLeastOneOf("headers", "expression")], ("headers", Optional(Headers)), ("expression", Optional(Jsonata)))));

        // Every format but dynamic has usable defaults, so only dynamic requires a config. Names follow
        // Truto's; the project's first names stay readable as aliases (docs/integration-config.md).
        (string, PropertyRule)[] shared = [("headers", Optional(TemplateMap)), ("max_limit", Optional(PositiveInteger)), ("ignore_limit_in_pagination", Optional(Boolean))];
        (string, PropertyRule)[] placed = [.. shared, ("add_to_body", Optional(Boolean)), ("add_to_query", Optional(Boolean)), ("use_content_hash", Optional(Boolean))];
        (string, string)[] sharedAliases = [("remove_limit_key", "ignore_limit_in_pagination")];
        (string, string)[] placedAliases = [.. sharedAliases, ("detect_loop", "use_content_hash")];
        var pagination = Formats(
            configRequiredFor: ["dynamic"],
            ("page", Aliased(placedAliases,
                [.. placed, ("page_key", Optional(NonEmptyText)), ("limit_key", Optional(NonEmptyText)), ("start_page", Optional(AnyInteger))])),
            ("cursor", Aliased([.. placedAliases, ("has_more_path", "has_next_path"), ("decode", "is_cursor_url_encoded")],
                [.. placed,
                ("cursor_key", Optional(NonEmptyText)), ("cursor_path", Optional(NonEmptyText)),
                ("cursor_path_object", Optional(Enum("cursor_path_object", CursorPathObjectJsonConverter.Values))),
                ("has_next_path", Optional(NonEmptyText)), ("prev_cursor_path", Optional(NonEmptyText)), ("is_link", Optional(Boolean)),
                ("include_path", Optional(Boolean)), ("limit_key", Optional(NonEmptyText)), ("limit_data_type", Optional(Enum("limit_data_type", ["number", "string"]))),
                ("is_cursor_url_encoded", Optional(Boolean)), ("allow_empty_page_cursor", Optional(Boolean)), ("allow_empty", Optional(Boolean))])),
            ("link_header", Aliased(sharedAliases, [.. shared, ("limit_key", Optional(NonEmptyText)), ("page_key", Optional(NonEmptyText))])),
            ("offset", Aliased([.. placedAliases, ("start_offset", "default_offset")],
                [.. placed, ("offset_key", Optional(NonEmptyText)), ("limit_key", Optional(NonEmptyText)), ("default_offset", Optional(NonNegativeInteger)),
                ("total_path", Optional(NonEmptyText))])),
            ("range", Aliased([.. placedAliases, ("start", "default_start")],
                [.. placed, ("start_key", Optional(NonEmptyText)), ("end_key", Optional(NonEmptyText)), ("default_start", Optional(NonNegativeInteger)),
                ("total_path", Optional(NonEmptyText))])),
            ("dynamic", Object(
                ("get_initial_pagination_values_expression", Optional(Jsonata)),
                ("get_pagination_values_expression", Required(Jsonata)),
                ("get_cursor_from_response_expression", Optional(Jsonata)))));

        var rateLimit = Object(
            ("is_rate_limited", Optional(new BooleanOrRule(Jsonata))),
            ("retry_after_header_expression", Optional(Jsonata)),
            ("rate_limit_header_expression", Optional(Jsonata)));

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
            ("fields", Optional(CredentialFields(CredentialField))),
            ("tokenExpiryDuration", Optional(PositiveIntegerOrNumericString)));

        var credentials = Formats(
            configRequired: true,
            ("api_key", Object(("fields", Required(CredentialFields(CredentialField))))),
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
            ("rate_limit", Optional(rateLimit)),
            ("examples", Optional(Object(("response", Optional(Text)), ("query", Optional(Text)), ("body", Optional(Text))))));

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

        // Truto's shapes; "token" was this project's first name of the bearer secret and of the JWT's compare_with.
        var signature = Formats(
            configRequired: true,
            ("hmac", hmac),
            ("basic", Object(("username", Required(RequiredTemplate)), ("password", Required(Template)), ("compare_with", Optional(RequiredTemplate)))),
            ("bearer", Aliased([("token", "secret")], ("secret", Required(RequiredTemplate)), ("compare_with", Optional(RequiredTemplate)))),
            ("jwt", Aliased([("token", "compare_with")],
                ("secret", Required(RequiredTemplate)), ("algorithm", Optional(Enum("algorithm", ["HS256", "HS384", "HS512"]))), ("compare_with", Optional(RequiredTemplate)))));

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
            [ToolTagsNameResources],
            ("label", Optional(Text)),
            ("logo", Optional(Url)),
            ("icon", Optional(Url)),
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
            ("actions", Optional(new MapRule(action) { KeyCheck = NameCheck })),
            ("tool_tags", Optional(new MapRule(new ArrayRule(NonEmptyText)))));
    }

    private static ArrayRule CredentialFields(ObjectRule field) => new(field) { UniqueBy = "name", UniqueLabel = "field name" };

    /// <summary><c>tool_tags</c> keys name a resource of the config, or one of its methods (<c>resource.method</c>).</summary>
    private static void ToolTagsNameResources(JsonObject config, string path, SchemaContext context)
    {
        if (config["tool_tags"] is not JsonObject tags) return;
        var resources = config["resources"] as JsonObject;
        foreach (var (key, _) in tags)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var (resource, method) = dot < 0 ? (key, null) : (key[..dot], key[(dot + 1)..]);
            var known = resources?[resource] is JsonObject methods && (method is null || methods.ContainsKey(method));
            if (!known) context.Add(JsonPath.Property(JsonPath.Property(path, "tool_tags"), key), $"names no resource{(method is null ? "" : " method")} of this config");
        }
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
