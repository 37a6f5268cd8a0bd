using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Config;

public sealed class IntegrationConfigReaderTests
{
    private readonly MarkerJsonataChecker _jsonata = new();

    private IntegrationConfigReader Reader => new(new IntegrationConfigValidator(_jsonata));

    private ConfigReadResult ReadJson(string json) => Reader.Read(JsonNode.Parse(json));

    public static TheoryData<string> Samples => new() { "GitHub", "Stripe", "HubSpot", "Slack" };

    private static string Sample(string name) => name switch
    {
        "GitHub" => SampleConfigs.GitHub,
        "Stripe" => SampleConfigs.Stripe,
        "HubSpot" => SampleConfigs.HubSpot,
        _ => SampleConfigs.Slack,
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Realistic_vendor_config_validates_clean(string name)
    {
        var result = ReadJson(Sample(name));
        Assert.True(result.IsValid, result.Validation.Describe());
        Assert.NotEmpty(result.Config!.Resources);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Model_round_trips_through_json(string name)
    {
        var first = ReadJson(Sample(name)).Config!;
        var written = JsonSerializer.Serialize(first, IntegrationConfigJson.Options);
        var second = ReadJson(written);
        Assert.True(second.IsValid, second.Validation.Describe());
        Assert.Equal(written, JsonSerializer.Serialize(second.Config!, IntegrationConfigJson.Options));
    }

    [Fact]
    public void Yaml_and_json_configs_read_to_the_same_tree_and_model()
    {
        var fromYaml = YamlJsonReader.Read(SampleConfigs.SlackYaml);
        var fromJson = JsonNode.Parse(SampleConfigs.Slack);
        Assert.True(JsonNode.DeepEquals(fromJson, fromYaml), fromYaml!.ToJsonString());

        var yamlModel = Reader.Read(YamlJsonReader.Read(SampleConfigs.SlackYaml));
        Assert.True(yamlModel.IsValid, yamlModel.Validation.Describe());
        Assert.Equal(
            JsonSerializer.Serialize(ReadJson(SampleConfigs.Slack).Config!, IntegrationConfigJson.Options),
            JsonSerializer.Serialize(yamlModel.Config!, IntegrationConfigJson.Options));
    }

    [Fact]
    public void GitHub_model_has_typed_formats_and_defaults()
    {
        var model = ReadJson(SampleConfigs.GitHub).Config!;

        var apiKey = Assert.IsType<ApiKeyCredentials>(model.Credentials!["api_key"]);
        Assert.Equal(["api_key", "org"], apiKey.Config.Fields.Select(f => f.Name));
        Assert.Equal(CredentialFieldType.Password, apiKey.Config.Fields[0].Type);
        Assert.True(apiKey.Config.Fields[0].Required);
        Assert.Equal("{{api_key}}", Assert.IsType<BearerAuthorization>(model.Authorization).Config.Token);
        Assert.Equal("per_page", Assert.IsType<LinkHeaderPagination>(model.Pagination).Config.LimitKey);
        Assert.Equal(QueryArrayFormat.Comma, model.QueryArrayFormat);

        var issues = model.Resources["issues"];
        Assert.Equal(RequestMethod.Post, issues["create"].Method);
        Assert.Same(PaginationDefinition.Disabled, issues["create"].Pagination);
        Assert.Null(issues["list"].Pagination);
        Assert.True(model.Resources["meta"]["get"].NoAuth);

        var hmac = Assert.IsType<HmacSignatureVerification>(model.Webhook!.SignatureVerification);
        Assert.Equal(HmacAlgorithm.Sha256, hmac.Config.Algorithm);
        Assert.Equal(SignatureEncoding.Hex, hmac.Config.StringType);
        Assert.Equal(["raw_body"], hmac.Config.Parts!);

        var action = model.Actions["create_issue"];
        Assert.Equal(RequestMethod.Post, action.Config!.Method);
        Assert.Equal(ActionValueType.Boolean, action.Inputs[2].Type);
        Assert.Equal("html_url", action.Outputs[1].Key);
    }

    [Fact]
    public void HubSpot_model_has_oauth2_options_dynamic_pagination_and_steps()
    {
        var model = ReadJson(SampleConfigs.HubSpot).Config!;

        var oauth = Assert.IsType<OAuth2Credentials>(model.Credentials!["oauth2"]).Config;
        Assert.Equal("https://api.hubapi.com", oauth.Auth.TokenHost);
        Assert.Equal("/oauth/v1/token", oauth.Auth.TokenPath);
        Assert.Null(oauth.Auth.RefreshPath);
        Assert.Equal(OAuth2AuthorizationMethod.Body, oauth.Options.AuthorizationMethod);
        Assert.Equal(1800, oauth.TokenExpiryDuration);
        Assert.Equal("{{redirect_uri}}", (string?)oauth.TokenParams!["redirect_uri"]);
        Assert.Equal(3, oauth.Scope.Count);

        var search = model.Resources["contacts"]["search"];
        var dynamic = Assert.IsType<DynamicPagination>(search.Pagination);
        Assert.StartsWith("response.data", dynamic.Config.GetPaginationValuesExpression, StringComparison.Ordinal);
        Assert.Equal(0, Assert.IsType<OffsetPagination>(model.Resources["owners"]["list"].Pagination).Config.DefaultOffset);

        var steps = model.Actions["post_install"].Steps!;
        Assert.IsType<RequestActionStep>(steps[0]);
        Assert.Equal("token_info", steps[0].Name);
        Assert.IsType<UpdateContextActionStep>(steps[1]);
    }

    [Fact]
    public void Slack_credentials_map_reads_every_format()
    {
        var model = ReadJson(SampleConfigs.Slack).Config!;
        Assert.Equal(["oauth2", "api_key"], model.Credentials!.Keys);
        var field = Assert.IsType<ApiKeyCredentials>(model.Credentials["api_key"]).Config.Fields[1];
        Assert.Equal(CredentialFieldType.SingleSelect, field.Type);
        Assert.Equal("pro", field.Options![1].Value);
        Assert.Equal(",", Assert.IsType<OAuth2Credentials>(model.Credentials["oauth2"]).Config.Options.ScopeSeparator);
        Assert.Equal(OAuth2BodyFormat.Form, Assert.IsType<OAuth2Credentials>(model.Credentials["oauth2"]).Config.Options.BodyFormat);
        Assert.Equal(300, Assert.IsType<HmacSignatureVerification>(model.Webhook!.SignatureVerification).Config.TimestampToleranceSeconds);
    }

    [Fact]
    public void Defaults_apply_when_pagination_config_is_absent()
    {
        var result = ReadJson("""{"pagination":{"format":"page"},"resources":{}}""");
        var page = Assert.IsType<PagePagination>(result.Config!.Pagination).Config;
        Assert.Equal(("page", "limit", 1, true, false, null), (page.PageKey, page.LimitKey, page.StartPage, page.UseContentHash, page.AddToBody, page.AddToQuery));
    }

    [Fact]
    public void Every_jsonata_field_goes_through_the_checker()
    {
        ReadJson(SampleConfigs.Slack);
        Assert.Contains(_jsonata.Checked, e => e.StartsWith("data.ok = false", StringComparison.Ordinal));
        Assert.Contains(_jsonata.Checked, e => e.StartsWith("body.type = 'url_verification'", StringComparison.Ordinal));
        Assert.Contains("$number(headers.`retry-after`)", _jsonata.Checked);
    }
}
