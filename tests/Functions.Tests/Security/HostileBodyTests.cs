using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Bodies built to hurt (SPEC §11): invalid UTF-8 and lone UTF-16 surrogates are a 400 naming the
/// position, YAML aliases count by what they expand to, stored configs stay bounded, and <c>/link-token</c>
/// obeys the same body rules as every other endpoint.
/// </summary>
public sealed class HostileBodyTests(HostileBodyTests.SmallLimitFixture fixture) : IClassFixture<HostileBodyTests.SmallLimitFixture>
{
    private const int BodyLimit = 64 * 1024;
    private static readonly string AnyId = Guid.NewGuid().ToString();

    private PlatformServer Server => fixture.Server;

    /// <summary>Every endpoint that reads a body before looking anything up.</summary>
    public static TheoryData<string, string> TextEndpoints
    {
        get
        {
            var all = RequestErrorTests.BodyEndpoints;
            all.Add("POST", "/link-token");
            all.Add("POST", "/webhook/test");
            all.Add("POST", $"/integrated-account-webhook/{AnyId}");
            all.Add("POST", $"/environment-integration-webhook/{AnyId}");
            return all;
        }
    }

    private async Task<ApiAnswer> SendBytesAsync(string method, string path, byte[] body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        return await Server.Client.SendRawAsync(request);
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(part => part is string text ? Encoding.UTF8.GetBytes(text) : (byte[])part)];

    [Theory]
    [MemberData(nameof(TextEndpoints))]
    public async Task A_lone_surrogate_escape_is_400_naming_path_and_position(string method, string path)
    {
        var message = (await SendBytesAsync(method, path, Bytes("{\"name\":\"\\ud800\"}"))).ExpectError(HttpStatusCode.BadRequest);
        Assert.StartsWith("$.name: invalid UTF-16 at line 1, byte 9", message);
    }

    [Theory]
    [MemberData(nameof(TextEndpoints))]
    public async Task A_utf8_encoded_surrogate_in_a_property_name_is_400_naming_the_position(string method, string path)
    {
        var message = (await SendBytesAsync(method, path, Bytes("{\"", new byte[] { 0xED, 0xA0, 0x80 }, "\":1}"))).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("invalid UTF-8 at line 1, byte 3 (byte 0xED)", message);
    }

    [Theory]
    [MemberData(nameof(TextEndpoints))]
    public async Task Invalid_utf8_in_a_value_is_400_and_nothing_is_stored(string method, string path)
    {
        var message = (await SendBytesAsync(method, path, Bytes("{\"name\":\"", new byte[] { 0xFF, 0xFE }, "\"}"))).ExpectError(HttpStatusCode.BadRequest);
        Assert.StartsWith("$.name: invalid UTF-8 at line 1, byte 10 (byte 0xFF)", message);
    }

    [Fact]
    public async Task Invalid_text_in_yaml_is_400()
    {
        var surrogate = (await SendBytesAsync("POST", "/integration", Bytes("name: \"\\ud800\"\nconfig: {}\n"), "application/yaml")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("YAML line 1", surrogate);
        Assert.Contains("invalid Unicode surrogates", surrogate);
        var bytes = (await SendBytesAsync("POST", "/integration", Bytes("name: x", new byte[] { 0xC3, 0x28 }, "\nconfig: {}\n"), "application/yaml")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("invalid UTF-8 at line 1, byte 8", bytes);
    }

    [Fact]
    public async Task A_yaml_anchor_repeated_thousands_of_times_is_413_and_nothing_is_stored()
    {
        var name = TestData.Unique("bomb");
        var yaml = new StringBuilder($"name: {name}\ncategory: crm\nconfig:\n  base_url: &big \"https://{new string('a', 10_000)}.example\"\n  headers:\n");
        for (var i = 0; i < 2500; i++)
        {
            yaml.Append("    h").Append(i).Append(": *big\n");
        }

        Assert.True(Encoding.UTF8.GetByteCount(yaml.ToString()) < BodyLimit);
        var message = (await Server.Client.SendTextAsync(HttpMethod.Post, "/integration", yaml.ToString(), "application/yaml")).ExpectError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"expands to more than {BodyLimit} bytes", message);
        Assert.Contains("aliases count", message);
        Assert.DoesNotContain(name, (await Server.Client.GetJsonAsync("/integration?limit=1000")).Text);
    }

    [Fact]
    public async Task Merges_cannot_grow_a_stored_config_past_the_limit()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        var (integration, install) = await TestData.InstallAsync(client, Server.Client);
        var path = $"/integration/{TestData.Id(integration)}";
        var chunk = new string('x', BodyLimit * 2 / 3);

        (await Server.Client.PatchJsonAsync(path, new JsonObject { ["config"] = new JsonObject { ["headers"] = new JsonObject { ["a"] = chunk } } })).Expect(HttpStatusCode.OK);
        var message = (await Server.Client.PatchJsonAsync(path, new JsonObject { ["config"] = new JsonObject { ["headers"] = new JsonObject { ["b"] = chunk } } }))
            .ExpectError(HttpStatusCode.RequestEntityTooLarge);
        Assert.StartsWith("$.config: the stored config would be", message);
        var stored = (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal(2, stored["version"]!.GetValue<int>());
        Assert.Null(stored["config"]!["headers"]!["b"]);

        var installPath = $"/environment-integration/{TestData.Id(install)}";
        (await client.PatchJsonAsync(installPath, new JsonObject { ["override"] = new JsonObject { ["headers"] = new JsonObject { ["a"] = chunk } } })).Expect(HttpStatusCode.OK);
        Assert.StartsWith("$.override: the stored config would be", (await client.PatchJsonAsync(installPath, new JsonObject
        {
            ["override"] = new JsonObject { ["headers"] = new JsonObject { ["b"] = chunk } },
        })).ExpectError(HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task Link_token_bodies_obey_the_body_rules()
    {
        var valid = """{"tenant_id":"t","integration_name":"x"}""";
        Assert.Contains("malformed JSON", (await Server.Client.SendTextAsync(HttpMethod.Post, "/link-token", """{"tenant_id":"t","tenant_id":"u","integration_name":"x"}""", "application/json"))
            .ExpectError(HttpStatusCode.BadRequest));
        (await Server.Client.SendTextAsync(HttpMethod.Post, "/link-token", valid, "text/plain")).ExpectError(HttpStatusCode.UnsupportedMediaType);
        (await Server.Client.SendTextAsync(HttpMethod.Post, "/link-token", valid.Replace("\"t\"", $"\"{new string('t', BodyLimit)}\""), "application/json"))
            .ExpectError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("$.surprise: unknown field", (await Server.Client.SendTextAsync(HttpMethod.Post, "/link-token", valid.Replace("{", "{\"surprise\":1,"), "application/json"))
            .ExpectError(HttpStatusCode.BadRequest));
        Assert.Contains("$.integration_name: required", (await Server.Client.PostJsonAsync("/link-token", new JsonObject { ["tenant_id"] = "t" })).ExpectError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_link_token_is_issued_only_for_an_installed_oauth2_integration()
    {
        var (_, client) = await TestData.NewEnvironmentAsync(Server);
        Assert.Contains("not found", (await client.PostJsonAsync("/link-token", new JsonObject { ["tenant_id"] = "t", ["integration_name"] = TestData.Unique("nothing") }))
            .ExpectError(HttpStatusCode.NotFound));

        var oauthConfig = TestData.ApiKeyConfig();
        oauthConfig["credentials"] = JsonNode.Parse("""{"format":"oauth2","config":{"client":{"id":"c","secret":"s"},"auth":{"tokenHost":"https://auth.example"}}}""");
        var oauth = await TestData.CreateIntegrationAsync(Server.Client, TestData.Unique("oauth"), oauthConfig);
        var link = new JsonObject { ["tenant_id"] = "t", ["integration_name"] = TestData.Name(oauth) };
        Assert.Contains("not installed", (await client.PostJsonAsync("/link-token", link.DeepClone())).ExpectError(HttpStatusCode.NotFound));

        (await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = TestData.Id(oauth) })).Expect(HttpStatusCode.Created);
        var issued = (await client.PostJsonAsync("/link-token", link.DeepClone())).Expect(HttpStatusCode.Created);
        Assert.Contains($"/connect/{TestData.Name(oauth)}?link_token=", issued["url"]!.GetValue<string>());

        var (apiKey, _) = await TestData.InstallAsync(client, Server.Client);
        Assert.Contains("no oauth2 credentials", (await client.PostJsonAsync("/link-token", new JsonObject { ["tenant_id"] = "t", ["integration_name"] = TestData.Name(apiKey) }))
            .ExpectError(HttpStatusCode.BadRequest));
    }

    public sealed class SmallLimitFixture : PlatformServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MAX_REQUEST_BODY_BYTES"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }
}
