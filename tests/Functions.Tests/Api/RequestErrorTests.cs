using System.Net;
using System.Text.Json.Nodes;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

/// <summary>Every endpoint answers bad requests with the error envelope and the right 4xx, never a 500.</summary>
public sealed class RequestErrorTests(RequestErrorTests.SmallBodyLimitFixture fixture) : IClassFixture<RequestErrorTests.SmallBodyLimitFixture>
{
    private const int BodyLimit = 4096;
    private static readonly string AnyId = Guid.NewGuid().ToString();

    public static TheoryData<string, string> BodyEndpoints => new()
    {
        { "POST", "/environment" }, { "PATCH", $"/environment/{AnyId}" },
        { "POST", "/api-token" },
        { "POST", "/integration" }, { "PATCH", $"/integration/{AnyId}" },
        { "POST", "/environment-integration" }, { "PATCH", $"/environment-integration/{AnyId}" },
        { "POST", "/integrated-account" }, { "PATCH", $"/integrated-account/{AnyId}" },
        { "POST", "/webhook" }, { "PATCH", $"/webhook/{AnyId}" },
    };

    public static TheoryData<string, string> AllEndpoints
    {
        get
        {
            var all = BodyEndpoints;
            foreach (var resource in new[] { "environment", "api-token", "integration", "environment-integration", "integrated-account", "webhook" })
            {
                all.Add("GET", $"/{resource}");
                if (resource != "api-token")
                {
                    all.Add("GET", $"/{resource}/{AnyId}");
                }

                if (resource != "environment")
                {
                    all.Add("DELETE", $"/{resource}/{AnyId}");
                }
            }

            return all;
        }
    }

    private static JsonObject? BodyFor(string method) => method is "POST" or "PATCH" ? [] : null;

    private PlatformServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Missing_token_is_401_on_every_endpoint(string method, string path)
    {
        using var anonymous = Server.CreateClient(token: null);
        var message = (await anonymous.SendAsync(new HttpMethod(method), path, BodyFor(method))).ExpectError(HttpStatusCode.Unauthorized);
        Assert.Contains("bearer", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Unknown_token_is_401_on_every_endpoint(string method, string path)
    {
        using var stranger = Server.CreateClient("sk_not-a-token-of-this-server");
        (await stranger.SendAsync(new HttpMethod(method), path, BodyFor(method))).ExpectError(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Malformed_json_is_400_naming_path_line_and_byte(string method, string path)
    {
        const string body = "{\n  \"name\": \"x\",\n  \"context\": {\"list\": [1, 2,, 3]}\n}";
        var message = (await Server.Client.SendTextAsync(new HttpMethod(method), path, body, "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.StartsWith("$.context.list[1]: malformed JSON at line 3", message);
        Assert.Contains("byte", message);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Unknown_field_is_400_naming_it(string method, string path)
    {
        var answer = await Server.Client.SendAsync(new HttpMethod(method), path, new JsonObject { ["surprise_field"] = 1 });
        Assert.Contains("$.surprise_field: unknown field", answer.ExpectError(HttpStatusCode.BadRequest));
        Assert.Contains(answer.Json!["details"]!["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "$.surprise_field");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Wrong_content_type_is_415(string method, string path)
    {
        var message = (await Server.Client.SendTextAsync(new HttpMethod(method), path, "name=x", "application/x-www-form-urlencoded")).ExpectError(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", message);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Oversized_body_is_413_naming_the_limit_whether_its_length_is_declared_or_streamed(string method, string path)
    {
        var body = new JsonObject { ["name"] = new string('x', BodyLimit * 2) };
        var declared = (await Server.Client.SendAsync(new HttpMethod(method), path, body)).ExpectError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal($"$: the request body is larger than the limit of {BodyLimit} bytes", declared);

        // Chunked: no Content-Length, so only the server's count while the body is read can stop it.
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        var streamed = (await Server.Client.SendRawAsync(request)).ExpectError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(declared, streamed);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Body_that_is_not_an_object_is_400(string method, string path)
    {
        var message = (await Server.Client.SendTextAsync(new HttpMethod(method), path, "[1, 2]", "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Equal("$: expected object, got array", message);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Empty_body_is_400(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new("application/json");
        Assert.Contains("body is required", (await Server.Client.SendRawAsync(request)).ExpectError(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("POST", "/environment", """{"name": 5}""", "$.name: expected string, got number")]
    [InlineData("POST", "/environment", """{}""", "$.name: required")]
    [InlineData("POST", "/api-token", """{"name": "t", "environment_id": "not-a-uuid"}""", "$.environment_id: expected UUID string, got a string that is not a UUID")]
    [InlineData("POST", "/integration", """{"name": "n", "config": "text"}""", "$.config: expected object, got string")]
    [InlineData("POST", "/integration", """{"name": "n", "config": {}, "is_beta": "yes"}""", "$.is_beta: expected boolean, got string")]
    [InlineData("POST", "/environment-integration", """{"integration_id": "00000000-0000-0000-0000-000000000001", "is_enabled": "yes"}""", "$.is_enabled: expected boolean, got string")]
    [InlineData("POST", "/integrated-account", """{"tenant_id": 7}""", "$.tenant_id: expected string, got number")]
    [InlineData("POST", "/webhook", """{"target_url": "https://example.com/h", "event_types": ["test", 3]}""", "$.event_types[1]: expected string, got number")]
    [InlineData("PATCH", "/integration/00000000-0000-0000-0000-000000000001", """{"version": 1.5}""", "$.version: expected integer, got number")]
    public async Task Wrong_types_and_missing_fields_are_400_with_their_path(string method, string path, string body, string expected)
    {
        var message = (await Server.Client.SendTextAsync(new HttpMethod(method), path, body, "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains(expected, message);
    }

    [Fact]
    public async Task Every_problem_of_a_body_is_listed_in_details()
    {
        var answer = await Server.Client.SendTextAsync(HttpMethod.Post, "/webhook", """{"event_types": "all", "is_active": 1, "extra": null}""", "application/json");
        answer.ExpectError(HttpStatusCode.BadRequest);
        var paths = answer.Json!["details"]!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["$.event_types", "$.extra", "$.is_active", "$.target_url"], paths);
    }

    [Fact]
    public async Task Duplicate_property_is_400()
    {
        var message = (await Server.Client.SendTextAsync(HttpMethod.Post, "/environment", """{"name": "a", "name": "b"}""", "application/json")).ExpectError(HttpStatusCode.BadRequest);
        Assert.Contains("name", message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    [InlineData("-5")]
    public async Task Bad_list_limit_is_400(string limit)
    {
        Assert.StartsWith("$.limit:", (await Server.Client.GetJsonAsync($"/environment?limit={limit}")).ExpectError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Foreign_cursor_is_400()
    {
        Assert.StartsWith("$.next_cursor:", (await Server.Client.GetJsonAsync("/webhook?next_cursor=!!!")).ExpectError(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Unknown_route_is_404_and_wrong_method_is_405_in_the_envelope()
    {
        (await Server.Client.GetJsonAsync("/no-such-resource")).ExpectError(HttpStatusCode.NotFound);
        (await Server.Client.SendAsync(HttpMethod.Put, "/environment", new JsonObject())).ExpectError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var anonymous = Server.CreateClient(token: null);
        Assert.Equal("ok", (await anonymous.GetJsonAsync("/health")).Expect(HttpStatusCode.OK)["status"]!.GetValue<string>());
    }

    public sealed class SmallBodyLimitFixture : PlatformServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["MAX_REQUEST_BODY_BYTES"] = BodyLimit.ToString() };
    }
}
