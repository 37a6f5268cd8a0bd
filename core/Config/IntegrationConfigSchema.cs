using System.Text.Json.Nodes;
using Serverless.Core.Config.Schema;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// The rules of an integration config (SPEC §2, §5, §9), built once from the model (<see cref="ModelRules"/>): the keys,
/// aliases, enum values and formats are the model's; this class adds what the model's types cannot say. See
/// docs/integration-config.md.
/// </summary>
internal static class IntegrationConfigSchema
{
    /// <summary>Resource methods map to the proxy's verbs; actions may use any method.</summary>
    private static readonly IReadOnlyList<string> ResourceHttpMethods = ["get", "post", "put", "patch", "delete"];

    private static readonly StringRule NonEmptyText = new() { NonEmpty = true };
    private static readonly StringRule Template = new() { Template = true };
    private static readonly StringRule RequiredTemplate = new() { Template = true, NonEmpty = true };
    private static readonly StringRule Url = new() { Template = true, AbsoluteUrl = true };
    // Where requests (and the credentials they carry) go: an environment's override may not change these (RequestTargets).
    private static readonly StringRule TargetUrl = new() { Template = true, AbsoluteUrl = true, Target = RequestTarget.Url };
    private static readonly StringRule TargetTemplate = new() { Template = true, Target = RequestTarget.Url };
    private static readonly StringRule TargetPath = new() { Template = true, NonEmpty = true, Target = RequestTarget.Path };
    private static readonly StringRule Jsonata = new() { Jsonata = true, NonEmpty = true };
    // The model holds these as int.
    private static readonly IntegerRule PositiveInteger = new() { Min = 1, Max = int.MaxValue };
    private static readonly IntegerRule NonNegativeInteger = new() { Min = 0, Max = int.MaxValue };
    private static readonly MapRule Headers = new(Template) { NullValues = true };

    private static readonly ModelRules Rules = BuildRules();

    /// <summary>The rule of a whole config document.</summary>
    public static SchemaRule Root { get; } = Rules.For<IntegrationConfig>();

    /// <summary>A list of credential fields with unique names (<c>fields</c>, and a <c>post_connect_user_form</c> action's form).</summary>
    public static SchemaRule Fields { get; } = UniqueBy<CredentialField>("name", "field name")();

    /// <summary>An HTTP method, in any case: every <see cref="RequestMethod"/>, or <paramref name="only"/> those.</summary>
    private static StringRule HttpMethod(IReadOnlyList<string>? only = null) =>
        new() { AllowedValues = only ?? Rules.EnumValues(typeof(RequestMethod)), ValueLabel = "HTTP method", IgnoreCase = true };

    private static Func<SchemaRule> UniqueBy<T>(string key, string label) => () => new ArrayRule(Rules.For<T>()) { UniqueBy = key, UniqueLabel = label };

    private static ModelRules BuildRules()
    {
        var rules = new ModelRules(IntegrationConfigJson.Options);
        return rules
            // The document.
            .Check<IntegrationConfig>(ToolTagsNameResources)
            .Property<IntegrationConfig>(c => c.Logo, Url)
            .Property<IntegrationConfig>(c => c.Icon, Url)
            .Property<IntegrationConfig>(c => c.BaseUrl, TargetUrl)
            .Property<IntegrationConfig>(c => c.Headers, Headers)
            .Property<IntegrationConfig>(c => c.Credentials, () => new CredentialsRule((DiscriminatedRule)rules.For<CredentialDefinition>()))
            .Property<IntegrationConfig>(c => c.ErrorExpression, Jsonata)
            .Property<IntegrationConfig>(c => c.TimeoutMs, new IntegerRule { Min = 1, Max = 600_000 })
            .Property<IntegrationConfig>(c => c.Resources, () => new MapRule(new MapRule(rules.For<ResourceMethodConfig>()) { KeyCheck = NameCheck }) { KeyCheck = NameCheck })
            .Property<IntegrationConfig>(c => c.Actions, () => new MapRule(rules.For<ActionDefinition>()) { KeyCheck = NameCheck })
            .Property<IntegrationConfig>(c => c.ToolTags, new MapRule(new ArrayRule(NonEmptyText)))

            // Credentials (every format needs its config). A field is also the shape of a post_connect_user_form's form.
            .Property<ApiKeyCredentials>(c => c.Config, required: true)
            .Property<OAuth2Credentials>(c => c.Config, required: true)
            .Property<OAuth2ClientCredentials>(c => c.Config, required: true)
            .Property<ApiKeyCredentialOptions>(o => o.Fields, UniqueBy<CredentialField>("name", "field name"), required: true)
            .Property<OAuth2CredentialOptions>(o => o.Fields, UniqueBy<CredentialField>("name", "field name"))
            .Check<CredentialField>(SingleSelectNeedsOptions)
            .Property<CredentialField>(f => f.Name, new StringRule { Identifier = true }, required: true)
            .Property<CredentialField>(f => f.Pattern, new StringRule { RegexPattern = true })
            .Property<CredentialField>(f => f.Options, UniqueBy<CredentialFieldOption>("value", "option value"))
            .Property<CredentialFieldOption>(o => o.Value, required: true)
            .Property<OAuth2CredentialOptions>(o => o.Client, required: true)
            .Property<OAuth2CredentialOptions>(o => o.Auth, required: true)
            .Property<OAuth2CredentialOptions>(o => o.Scope, new ArrayRule(NonEmptyText))
            .Property<OAuth2CredentialOptions>(o => o.TokenExpiryDuration, new IntegerRule { Min = 1, Max = int.MaxValue, AllowNumericString = true })
            .Property<OAuth2ClientOptions>(o => o.Id, RequiredTemplate, required: true)
            .Property<OAuth2ClientOptions>(o => o.Secret, Template)
            .Strings<OAuth2EndpointOptions>(TargetTemplate)
            .Property<OAuth2EndpointOptions>(o => o.TokenHost, TargetUrl, required: true)
            .Property<OAuth2EndpointOptions>(o => o.AuthorizeHost, TargetUrl)

            // Authorization.
            .Strings<BasicAuthorizationOptions>(Template)
            .Property<BearerAuthorizationOptions>(o => o.Token, Template)
            .Check<HeaderAuthorizationOptions>(ModelRules.AtLeastOneOf("headers", "expression"))
            .Property<HeaderAuthorizationOptions>(o => o.Headers, Headers)
            .Property<HeaderAuthorizationOptions>(o => o.Expression, Jsonata)

            // Pagination: every format but dynamic has usable defaults, so only dynamic requires a config.
            .Strings<PaginationOptions>(NonEmptyText)
            .Property<PaginationOptions>(o => o.Headers, new MapRule(Template))
            .Property<PaginationOptions>(o => o.MaxLimit, PositiveInteger)
            .Property<CursorPaginationOptions>(o => o.CursorPathObject, new StringRule { AllowedValues = CursorPathObjectJsonConverter.Values, ValueLabel = "cursor_path_object" })
            .Property<OffsetPaginationOptions>(o => o.DefaultOffset, NonNegativeInteger)
            .Property<RangePaginationOptions>(o => o.DefaultStart, NonNegativeInteger)
            .Property<DynamicPagination>(p => p.Config, required: true)
            .Strings<DynamicPaginationOptions>(Jsonata)
            .Property<DynamicPaginationOptions>(o => o.GetPaginationValuesExpression, required: true)

            // Errors and rate limits.
            .Strings<RateLimitConfig>(Jsonata)
            .Property<RateLimitConfig>(r => r.IsRateLimited, new BooleanOrRule(Jsonata))

            // Resource methods.
            .Check<ResourceMethodConfig>(NotBothWhenTrue("authorization", "no_auth"))
            .Property<ResourceMethodConfig>(m => m.Method, () => HttpMethod(ResourceHttpMethods), required: true)
            .Property<ResourceMethodConfig>(m => m.Path, TargetPath, required: true)
            .Property<ResourceMethodConfig>(m => m.BaseUrl, TargetUrl)
            .Property<ResourceMethodConfig>(m => m.Headers, Headers)
            .Property<ResourceMethodConfig>(m => m.Pagination, nullable: true)
            .Property<ResourceMethodConfig>(m => m.ErrorExpression, Jsonata)

            // Inbound webhooks (Truto's shapes; every signature format needs its config).
            .Property<WebhookConfig>(w => w.HandleVerification, Jsonata)
            .Property<WebhookConfig>(w => w.PayloadTransform, Jsonata)
            .Property<WebhookConfig>(w => w.ContextLookupFieldName, NonEmptyText)
            .Property<WebhookConfig>(w => w.ContextLookupValue, Template)
            .Property<HmacSignatureVerification>(v => v.Config, required: true)
            .Property<BasicSignatureVerification>(v => v.Config, required: true)
            .Property<BearerSignatureVerification>(v => v.Config, required: true)
            .Property<JwtSignatureVerification>(v => v.Config, required: true)
            .Check<HmacSignatureOptions>(ExactlyOneOf("parts", "verification_content"), Requires("timestamp_tolerance_seconds", "timestamp"))
            .Property<HmacSignatureOptions>(o => o.Secret, RequiredTemplate, required: true)
            .Property<HmacSignatureOptions>(o => o.CompareWith, RequiredTemplate, required: true)
            .Property<HmacSignatureOptions>(o => o.Parts, new ArrayRule(NonEmptyText) { NonEmpty = true })
            .Property<HmacSignatureOptions>(o => o.VerificationContent, new ArrayRule(Template) { NonEmpty = true })
            .Property<HmacSignatureOptions>(o => o.Timestamp, RequiredTemplate)
            .Property<HmacSignatureOptions>(o => o.TimestampToleranceSeconds, PositiveInteger)
            .Property<BasicSignatureOptions>(o => o.Username, RequiredTemplate, required: true)
            .Property<BasicSignatureOptions>(o => o.Password, Template, required: true)
            .Property<BasicSignatureOptions>(o => o.CompareWith, RequiredTemplate)
            .Property<BearerSignatureOptions>(o => o.Secret, RequiredTemplate, required: true)
            .Property<BearerSignatureOptions>(o => o.CompareWith, RequiredTemplate)
            .Property<JwtSignatureOptions>(o => o.Secret, RequiredTemplate, required: true)
            .Property<JwtSignatureOptions>(o => o.CompareWith, RequiredTemplate)

            // Custom actions.
            .Check<ActionDefinition>(ActionIsRequestOrSteps)
            .Property<ActionDefinition>(a => a.Type, new StringRule { AllowedValues = ["request"], ValueLabel = "action type" })
            .Property<ActionDefinition>(a => a.Inputs, UniqueBy<ActionValueDefinition>("name", "input name"))
            .Property<ActionDefinition>(a => a.Outputs, UniqueBy<ActionValueDefinition>("name", "output name"))
            .Property<ActionDefinition>(a => a.Steps, () => new ArrayRule(rules.For<ActionStep>()) { NonEmpty = true })
            .Property<ActionValueDefinition>(v => v.Name, NonEmptyText, required: true)
            .Property<ActionValueDefinition>(v => v.Key, NonEmptyText)
            .Check<ActionRequestConfig>(ModelRules.AtLeastOneOf("path", "url"))
            .Property<ActionRequestConfig>(r => r.Method, () => HttpMethod(), required: true)
            .Property<ActionRequestConfig>(r => r.Path, TargetPath)
            .Property<ActionRequestConfig>(r => r.Url, TargetUrl)
            .Property<ActionRequestConfig>(r => r.BaseUrl, TargetUrl)
            .Property<ActionRequestConfig>(r => r.Headers, Headers)
            .Property<RequestActionStep>(s => s.Config, required: true)
            .Property<TransformActionStep>(s => s.Expression, Jsonata, required: true)
            .Property<UpdateContextActionStep>(s => s.Expression, Jsonata, required: true);
    }

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
