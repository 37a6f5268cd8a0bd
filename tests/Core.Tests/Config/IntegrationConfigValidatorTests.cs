using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Config;

public sealed class IntegrationConfigValidatorTests
{
    private const string Base = """{"base_url":"https://api.example.com","resources":{"users":{"list":{"method":"get","path":"/users"}}}}""";

    private const string IdentifierRule = "is not an identifier (lowercase letters, digits and '_', not starting with a digit or '_', not ending with '_')";

    private static readonly IntegrationConfigValidator Validator = new(new MarkerJsonataChecker());

    /// <summary>The base config with <paramref name="patch"/> deep-merged over it (null removes a key).</summary>
    private static ConfigValidationResult ValidatePatched(string patch) =>
        Validator.Validate(JsonDeepMerge.Merge(JsonNode.Parse(Base), JsonNode.Parse(patch)));

    private static void AssertSingleError(ConfigValidationResult result, string path, string message)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Base_config_is_valid()
    {
        Assert.True(Validator.Validate(JsonNode.Parse(Base)).IsValid);
    }

    [Theory]
    [InlineData("""{"resources":{"users":{"list":{"path":null}}}}""", "$.resources.users.list.path", "required")]
    [InlineData("""{"resources":{"users":{"list":{"method":null}}}}""", "$.resources.users.list.method", "required")]
    [InlineData("""{"resources":{"users":{"list":{"path":""}}}}""", "$.resources.users.list.path", "must not be empty")]
    [InlineData("""{"credentials":{"format":"oauth2","config":{"client":{"id":"x"},"auth":{}}}}""", "$.credentials.config.auth.tokenHost", "required")]
    [InlineData("""{"credentials":{"format":"api_key"}}""", "$.credentials.config", "required")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"bearer","config":{}}}}""", "$.webhook.signature_verification.config", "needs one of secret, token")]
    [InlineData("""{"pagination":{"format":"dynamic"}}""", "$.pagination.config", "required")]
    [InlineData("""{"pagination":{"format":"dynamic","config":{}}}""", "$.pagination.config.get_pagination_values_expression", "required")]
    [InlineData("""{"actions":{"a":{"steps":[{"type":"transform"}]}}}""", "$.actions.a.steps[0].expression", "required")]
    [InlineData("""{"pagination":{"config":{}}}""", "$.pagination.format", "required (one of page, cursor, link_header, offset, range, dynamic)")]
    public void Missing_required_key_is_reported_with_its_path(string patch, string path, string message)
    {
        AssertSingleError(ValidatePatched(patch), path, message);
    }

    [Theory]
    [InlineData("""{"pagination":{"format":"pages"}}""", "$.pagination.format", "unknown format 'pages' (expected page, cursor, link_header, offset, range, dynamic)")]
    [InlineData("""{"authorization":{"format":"token"}}""", "$.authorization.format", "unknown format 'token' (expected bearer, basic, header)")]
    [InlineData("""{"credentials":{"format":"password"}}""", "$.credentials.format", "unknown format 'password' (expected api_key, oauth2, oauth2_client_credentials)")]
    [InlineData("""{"credentials":{"oauth3":{"config":{}}}}""", "$.credentials.oauth3", "unknown format 'oauth3' (expected api_key, oauth2, oauth2_client_credentials)")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"md5","config":{}}}}""", "$.webhook.signature_verification.format", "unknown format 'md5' (expected hmac, basic, bearer, jwt)")]
    [InlineData("""{"actions":{"a":{"steps":[{"type":"wait"}]}}}""", "$.actions.a.steps[0].type", "unknown type 'wait' (expected request, transform, update_context)")]
    [InlineData("""{"query_array_format":"pipes"}""", "$.query_array_format", "unknown query_array_format 'pipes' (expected comma, brackets, indices, repeat)")]
    [InlineData("""{"resources":{"users":{"list":{"body_format":"yaml"}}}}""", "$.resources.users.list.body_format", "unknown body_format 'yaml' (expected json, form, multipart, raw, xml)")]
    [InlineData("""{"resources":{"users":{"list":{"method":"fetch"}}}}""", "$.resources.users.list.method", "unknown HTTP method 'fetch' (expected get, post, put, patch, delete)")]
    [InlineData("""{"resources":{"users":{"list":{"method":"options"}}}}""", "$.resources.users.list.method", "unknown HTTP method 'options' (expected get, post, put, patch, delete)")]
    [InlineData("""{"actions":{"a":{"type":"request","config":{"method":"FETCH","path":"/x"}}}}""", "$.actions.a.config.method", "unknown HTTP method 'FETCH' (expected get, post, put, patch, delete, head, options, connect, trace)")]
    [InlineData("""{"pagination":{"format":"cursor","config":{"cursor_path_object":"query"}}}""", "$.pagination.config.cursor_path_object", "unknown cursor_path_object 'query' (expected body, header, headers)")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"hmac","config":{"secret":"s","compare_with":"{{headers.sig}}","parts":["raw_body"],"algorithm":"md5"}}}}""", "$.webhook.signature_verification.config.algorithm", "unknown algorithm 'md5' (expected sha1, sha256, sha512)")]
    [InlineData("""{"credentials":{"format":"oauth2","config":{"client":{"id":"x"},"auth":{"tokenHost":"https://a.example"},"options":{"authorizationMethod":"query"}}}}""", "$.credentials.config.options.authorizationMethod", "unknown authorizationMethod 'query' (expected header, body)")]
    [InlineData("""{"actions":{"a":{"type":"script"}}}""", "$.actions.a.type", "unknown action type 'script' (expected request)")]
    public void Unknown_format_or_enum_value_names_the_expected_ones(string patch, string path, string message)
    {
        Assert.Contains(ValidatePatched(patch).Errors, e => e.Path == path && e.Message == message);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("Patch")]
    public void Http_method_is_case_insensitive(string method)
    {
        var result = ValidatePatched("""{"resources":{"users":{"list":{"method":"METHOD"}}}}""".Replace("METHOD", method, StringComparison.Ordinal));
        Assert.True(result.IsValid, result.Describe());
    }

    [Theory]
    [InlineData("Api_Key")]
    [InlineData("1key")]
    [InlineData("_key")]
    [InlineData("key_")]
    [InlineData("api-key")]
    [InlineData("")]
    public void Credential_field_name_must_be_an_identifier(string name)
    {
        var patch = """{"credentials":{"format":"api_key","config":{"fields":[{"name":"a"},{"name":"b2"},{"name":"NAME"}]}}}""".Replace("NAME", name, StringComparison.Ordinal);
        AssertSingleError(ValidatePatched(patch), "$.credentials.config.fields[2].name", $"'{name}' {IdentifierRule}");
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("a")]
    [InlineData("key_2_b")]
    public void Identifier_field_names_are_accepted(string name)
    {
        var patch = """{"credentials":{"format":"api_key","config":{"fields":[{"name":"NAME"}]}}}""".Replace("NAME", name, StringComparison.Ordinal);
        Assert.True(ValidatePatched(patch).IsValid);
    }

    [Theory]
    [InlineData("""{"credentials":{"format":"api_key","config":{"fields":[{"name":"api_key"},{"name":"api_key"}]}}}""", "$.credentials.config.fields[1].name", "duplicate field name 'api_key'")]
    [InlineData("""{"credentials":{"api_key":{"config":{"fields":[{"name":"k"},{"name":"s"},{"name":"k"}]}}}}""", "$.credentials.api_key.config.fields[2].name", "duplicate field name 'k'")]
    [InlineData("""{"actions":{"a":{"type":"request","config":{"method":"get","path":"/"},"inputs":[{"name":"x"},{"name":"x"}]}}}""", "$.actions.a.inputs[1].name", "duplicate input name 'x'")]
    [InlineData("""{"actions":{"a":{"type":"request","config":{"method":"get","path":"/"},"outputs":[{"name":"y"},{"name":"y"}]}}}""", "$.actions.a.outputs[1].name", "duplicate output name 'y'")]
    public void Duplicate_names_are_reported(string patch, string path, string message)
    {
        AssertSingleError(ValidatePatched(patch), path, message);
    }

    [Theory]
    [InlineData("""{"foo":1}""", "$.foo")]
    [InlineData("""{"resources":{"users":{"list":{"paht":"/x"}}}}""", "$.resources.users.list.paht")]
    [InlineData("""{"pagination":{"format":"page","config":{"page_size":10}}}""", "$.pagination.config.page_size")]
    [InlineData("""{"credentials":{"format":"api_key","config":{"fields":[{"name":"k","secret":true}]}}}""", "$.credentials.config.fields[0].secret")]
    [InlineData("""{"authorization":{"format":"bearer","token":"x"}}""", "$.authorization.token")]
    [InlineData("""{"webhook":{"verify":"x"}}""", "$.webhook.verify")]
    [InlineData("""{"credentials":{"format":"oauth2","config":{"client":{"id":"x","key":"y"},"auth":{"tokenHost":"https://a.example"}}}}""", "$.credentials.config.client.key")]
    [InlineData("""{"actions":{"a":{"steps":[{"type":"transform","expression":"x","config":{}}]}}}""", "$.actions.a.steps[0].config")]
    public void Unknown_keys_are_reported_with_their_path(string patch, string path)
    {
        var error = Assert.Single(ValidatePatched(patch).Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith("unknown property (expected one of ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"base_url":42}""", "$.base_url", "expected string, got number")]
    [InlineData("""{"timeout_ms":"30000"}""", "$.timeout_ms", "expected integer, got string")]
    [InlineData("""{"timeout_ms":1.5}""", "$.timeout_ms", "expected integer, got number")]
    [InlineData("""{"headers":["a"]}""", "$.headers", "expected object, got array")]
    [InlineData("""{"headers":{"X-Count":3}}""", "$.headers['X-Count']", "expected string, got number")]
    [InlineData("""{"resources":{"users":{"list":{"no_auth":"yes"}}}}""", "$.resources.users.list.no_auth", "expected boolean, got string")]
    [InlineData("""{"resources":{"users":[]}}""", "$.resources.users", "expected object, got array")]
    [InlineData("""{"credentials":{"format":"api_key","config":{"fields":{"name":"a"}}}}""", "$.credentials.config.fields", "expected array, got object")]
    [InlineData("""{"pagination":{"format":"page","config":{"max_limit":0}}}""", "$.pagination.config.max_limit", "must be at least 1")]
    [InlineData("""{"timeout_ms":0}""", "$.timeout_ms", "must be at least 1")]
    [InlineData("""{"timeout_ms":600001}""", "$.timeout_ms", "must be at most 600000")]
    [InlineData("""{"pagination":{"format":"page","config":{"max_limit":3000000000}}}""", "$.pagination.config.max_limit", "must be at most 2147483647")]
    [InlineData("""{"pagination":{"format":7}}""", "$.pagination.format", "expected string, got number")]
    [InlineData("""{"error_expression":{"a":1}}""", "$.error_expression", "expected string, got object")]
    public void Wrong_json_types_name_the_expected_type(string patch, string path, string message)
    {
        AssertSingleError(ValidatePatched(patch), path, message);
    }

    [Fact]
    public void Unknown_key_next_to_a_format_lists_format_and_config()
    {
        AssertSingleError(ValidatePatched("""{"authorization":{"format":"bearer","token":"x"}}"""), "$.authorization.token", "unknown property (expected one of format, config)");
    }

    [Fact]
    public void Null_where_a_value_is_expected_is_a_type_error()
    {
        var result = Validator.Validate(JsonNode.Parse("""{"pagination":null,"resources":{"u":{"list":{"method":"get","path":"/u","pagination":null,"headers":{"X-Remove":null}}}}}"""));
        AssertSingleError(result, "$.pagination", "expected object, got null");
    }

    [Fact]
    public void Root_must_be_an_object()
    {
        AssertSingleError(Validator.Validate(JsonNode.Parse("[]")), "$", "expected object, got array");
        AssertSingleError(Validator.Validate(null), "$", "expected object, got null");
    }

    [Theory]
    [InlineData("""{"resources":{"users":{"list":{"path":"/users/{{id:integer}}"}}}}""", "$.resources.users.list.path", "integer")]
    [InlineData("""{"resources":{"users":{"list":{"body":{"a":["ok","{{x:wat}}"]}}}}}""", "$.resources.users.list.body.a[1]", "wat")]
    [InlineData("""{"headers":{"X-Key":"{{api_key:secret}}"}}""", "$.headers['X-Key']", "secret")]
    [InlineData("""{"query":{"q":{"nested":"{{q:str|r:date}}"}}}""", "$.query.q.nested", "date")]
    [InlineData("""{"authorization":{"format":"bearer","config":{"token":"{{t:token}}"}}}""", "$.authorization.config.token", "token")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"hmac","config":{"secret":"{{s:hex}}","compare_with":"x","parts":["raw_body"]}}}}""", "$.webhook.signature_verification.config.secret", "hex")]
    [InlineData("""{"credentials":{"format":"oauth2","config":{"client":{"id":"{{environment_variables.id:env}}"},"auth":{"tokenHost":"https://a.example"}}}}""", "$.credentials.config.client.id", "env")]
    public void Placeholders_with_unknown_types_are_reported(string patch, string path, string type)
    {
        var error = Assert.Single(ValidatePatched(patch).Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith($"unknown placeholder type '{type}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error_expression":"data.@@"}""", "$.error_expression", 5)]
    [InlineData("""{"rate_limit":{"is_rate_limited":"@@"}}""", "$.rate_limit.is_rate_limited", 0)]
    [InlineData("""{"rate_limit":{"retry_after_header_expression":"x @@"}}""", "$.rate_limit.retry_after_header_expression", 2)]
    [InlineData("""{"authorization":{"format":"header","config":{"expression":"  @@"}}}""", "$.authorization.config.expression", 2)]
    [InlineData("""{"pagination":{"format":"dynamic","config":{"get_pagination_values_expression":"a@@"}}}""", "$.pagination.config.get_pagination_values_expression", 1)]
    [InlineData("""{"webhook":{"handle_verification":"@@"}}""", "$.webhook.handle_verification", 0)]
    [InlineData("""{"webhook":{"payload_transform":"@@"}}""", "$.webhook.payload_transform", 0)]
    [InlineData("""{"actions":{"a":{"steps":[{"type":"transform","expression":"$previous@@"}]}}}""", "$.actions.a.steps[0].expression", 9)]
    [InlineData("""{"resources":{"users":{"list":{"error_expression":"@@"}}}}""", "$.resources.users.list.error_expression", 0)]
    public void Jsonata_syntax_errors_carry_field_path_and_position(string patch, string path, int position)
    {
        AssertSingleError(ValidatePatched(patch), path, $"JSONata syntax error S0201 at position {position}: Syntax error: \"@@\"");
    }

    [Theory]
    [InlineData("""{"base_url":"api.example.com"}""", "$.base_url", "'api.example.com' is not an absolute http(s) URL")]
    [InlineData("""{"base_url":"ftp://files.example.com"}""", "$.base_url", "'ftp://files.example.com' is not an absolute http(s) URL")]
    [InlineData("""{"authorization":{"format":"header","config":{}}}""", "$.authorization.config", "needs one of headers, expression")]
    [InlineData("""{"resources":{"users":{"list":{"no_auth":true,"authorization":{"format":"bearer"}}}}}""", "$.resources.users.list.no_auth", "cannot be true together with authorization")]
    [InlineData("""{"credentials":{"format":"api_key","config":{"fields":[{"name":"tier","type":"single_select"}]}}}""", "$.credentials.config.fields[0].options", "required for a single_select field")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"hmac","config":{"secret":"s","compare_with":"x"}}}}""", "$.webhook.signature_verification.config", "needs one of parts, verification_content")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"hmac","config":{"secret":"s","compare_with":"x","parts":["a"],"verification_content":["b"]}}}}""", "$.webhook.signature_verification.config.verification_content", "cannot be used together with parts")]
    [InlineData("""{"webhook":{"signature_verification":{"format":"hmac","config":{"secret":"s","compare_with":"x","parts":["a"],"timestamp_tolerance_seconds":300}}}}""", "$.webhook.signature_verification.config.timestamp", "required when timestamp_tolerance_seconds is set")]
    [InlineData("""{"actions":{"a":{"inputs":[]}}}""", "$.actions.a", "needs one of config, steps")]
    [InlineData("""{"actions":{"a":{"type":"request"}}}""", "$.actions.a.config", "required for a request action")]
    [InlineData("""{"actions":{"a":{"config":{"method":"get","path":"/"},"steps":[{"type":"transform","expression":"1"}]}}}""", "$.actions.a.steps", "cannot be used together with config")]
    [InlineData("""{"actions":{"a":{"type":"request","config":{"method":"get"}}}}""", "$.actions.a.config", "needs one of path, url")]
    [InlineData("""{"actions":{"a":{"steps":[]}}}""", "$.actions.a.steps", "must not be empty")]
    [InlineData("""{"resources":{"bad name":{"list":{"method":"get","path":"/"}}}}""", "$.resources['bad name']", "'bad name' is not a valid name (letters, digits, '_' and '-')")]
    public void Cross_field_rules_are_reported(string patch, string path, string message)
    {
        AssertSingleError(ValidatePatched(patch), path, message);
    }

    [Fact]
    public void Invalid_regular_expression_in_a_field_pattern_is_reported()
    {
        var error = Assert.Single(ValidatePatched("""{"credentials":{"format":"api_key","config":{"fields":[{"name":"k","pattern":"([a-z"}]}}}""").Errors);
        Assert.Equal("$.credentials.config.fields[0].pattern", error.Path);
        Assert.StartsWith("invalid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var result = Validator.Validate(JsonNode.Parse("""
        {
          "base_url": 1,
          "pagination": { "format": "pages" },
          "resources": { "users": { "list": { "method": "get" }, "get": { "method": "grab", "path": "/u/{{id:x}}" } } },
          "unknown": true
        }
        """));
        Assert.Equal(
            [
                "$.base_url: expected string, got number",
                "$.pagination.format: unknown format 'pages' (expected page, cursor, link_header, offset, range, dynamic)",
                "$.resources.users.list.path: required",
                "$.resources.users.get.method: unknown HTTP method 'grab' (expected get, post, put, patch, delete)",
                "$.unknown: unknown property (expected one of label, logo, icon, base_url, headers, query, query_array_format, body_format, credentials, authorization, pagination, rate_limit, error_expression, timeout_ms, resources, webhook, actions, tool_tags)",
            ],
            result.Errors.Where(e => !e.Message.StartsWith("unknown placeholder type", StringComparison.Ordinal)).Select(e => e.ToString()));
        Assert.Contains(result.Errors, e => e.Path == "$.resources.users.get.path" && e.Message.StartsWith("unknown placeholder type 'x'", StringComparison.Ordinal));
        Assert.Contains("$.base_url: expected string, got number", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Templated_urls_are_not_checked_as_urls()
    {
        Assert.True(ValidatePatched("""{"base_url":"https://{{subdomain}}.example.com","resources":{"users":{"list":{"base_url":"{{context.instance_url}}"}}}}""").IsValid);
    }
}
