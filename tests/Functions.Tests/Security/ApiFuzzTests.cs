using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Infrastructure;
using Serverless.Functions.Tests.Simulators;
using Xunit;

namespace Serverless.Functions.Tests.Security;

/// <summary>
/// Hostile bodies against every endpoint that takes one, found from the server's own route table (a new
/// endpoint is fuzzed without being listed here), with real objects behind every route parameter so the
/// bodies reach the handlers: invalid UTF-8 and UTF-16, YAML expansion, nesting, odd encodings and
/// content types. Then hostile vendor answers through every path that passes one on. No answer may be
/// the platform's own 5xx.
/// </summary>
public sealed class ApiFuzzTests(ApiFuzzTests.FuzzFixture fixture) : IClassFixture<ApiFuzzTests.FuzzFixture>
{
    private const int BodyLimit = 64 * 1024;
    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>(name, content type, bytes) of request bodies.</summary>
    private static IEnumerable<(string Name, string ContentType, byte[] Body)> Corpus()
    {
        const string json = "application/json";
        const string yaml = "application/yaml";
        yield return ("invalid UTF-8 in a value", json, Concat(Utf8("{\"name\":\""), [0xFF, 0xFE], Utf8("\"}")));
        yield return ("UTF-8 encoded surrogate in a key", json, Concat(Utf8("{\""), [0xED, 0xA0, 0x80], Utf8("\":1}")));
        yield return ("overlong UTF-8", json, Concat(Utf8("{\"name\":\""), [0xC0, 0xAF], Utf8("\"}")));
        yield return ("truncated UTF-8 sequence at the end", json, Concat(Utf8("{\"name\":\"x"), [0xE2, 0x82]));
        yield return ("lone high surrogate escape", json, Utf8("""{"name":"\ud800","tenant_id":"\ud800","target_url":"\ud800"}"""));
        yield return ("lone low surrogate escape", json, Utf8("""{"name":"x\udc00y"}"""));
        yield return ("reversed surrogate pair", json, Utf8("""{"name":"\udc00\ud800"}"""));
        yield return ("lone surrogate in a key", json, Utf8("""{"\udbff":1}"""));
        yield return ("lone surrogate deep inside", json, Utf8("""{"config":{"resources":{"r":{"list":{"path":"/\ud800"}}}},"context":{"a":["\udfff"]}}"""));
        yield return ("escaped NUL and controls", json, Utf8("""{"name":"\u0000\u0001\u001f","tenant_id":"\u0000","integration_name":"\u0000"}"""));
        yield return ("raw NUL byte", json, Concat(Utf8("{\"name\":\"a"), [0x00], Utf8("\"}")));
        yield return ("UTF-8 byte order mark", json, Concat([0xEF, 0xBB, 0xBF], Utf8("""{"name":"bom"}""")));
        yield return ("UTF-16LE text", json, Encoding.Unicode.GetBytes("""{"name":"utf16"}"""));
        yield return ("UTF-16 byte order mark", json, Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes("""{"name":"x"}""")));
        yield return ("deep nesting", json, Utf8(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep object nesting", json, Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)));
        yield return ("huge numbers", json, Utf8("""{"name":1e400,"version":-0,"is_beta":1e-400,"limit":123456789012345678901234567890}"""));
        yield return ("duplicate keys", json, Utf8("""{"name":"a","name":"b"}"""));
        yield return ("truncated", json, Utf8("""{"name":"""));
        yield return ("scalar", json, Utf8("\"just a string\""));
        yield return ("null", json, Utf8("null"));
        yield return ("empty", json, []);
        yield return ("over the limit", json, Utf8($$"""{"name":"{{new string('x', BodyLimit + 1)}}"}"""));
        yield return ("form with invalid UTF-8", "application/x-www-form-urlencoded", Concat(Utf8("name=%ff%fe&"), [0xFF], Utf8("=1&%ED%A0%80=2")));
        yield return ("text with invalid UTF-8", "text/plain", [0xC3, 0x28, 0xA0, 0xA1]);
        yield return ("no content type", "", Utf8("""{"name":"x"}"""));
        yield return ("bogus charset", "application/json; charset=utf-16", Encoding.Unicode.GetBytes("""{"name":"x"}"""));

        var expansion = new StringBuilder($"name: x\nconfig:\n  base_url: &big \"https://{new string('a', 10_000)}.example\"\n  headers:\n");
        for (var i = 0; i < 2500; i++) expansion.Append("    h").Append(i).Append(": *big\n");
        yield return ("YAML anchor expansion", yaml, Utf8(expansion.ToString()));
        var laughs = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 0; i < 9; i++) laughs.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat(i == 0 ? "*a" : $"*l{i - 1}", 9))}]\n");
        yield return ("YAML billion laughs", yaml, Utf8(laughs.ToString()));
        yield return ("YAML merge keys of aliases", yaml, Utf8($"base: &b {{x: \"{new string('y', 4000)}\"}}\nconfig:\n  <<: *b\n  h: [{string.Join(", ", Enumerable.Repeat("*b", 500))}]\n"));
        yield return ("YAML lone surrogate escape", yaml, Utf8("name: \"\\ud800\"\nconfig: {}\n"));
        yield return ("YAML invalid UTF-8", yaml, Concat(Utf8("name: "), [0xFF, 0xFE], Utf8("\nconfig: {}\n")));
        yield return ("YAML deep nesting", yaml, Utf8(new string('[', 3000) + new string(']', 3000)));
        yield return ("YAML tags and anchors on keys", yaml, Utf8("? &k !!binary aGk=\n: v\n!!python/object:os.system x: 1\n"));
    }

    /// <summary>(name, content type, bytes) of vendor answers as broken as a vendor can make them.</summary>
    private static IEnumerable<(string Name, string ContentType, byte[] Body)> VendorAnswers()
    {
        const string json = "application/json";
        yield return ("duplicate keys", json, Utf8("""{"id":1,"id":2,"headers":{"a":1,"a":2}}"""));
        yield return ("lone surrogate escapes", json, Utf8("""{"path":"\ud800","\udc00":["\udfff"],"id":"x\ud83d"}"""));
        yield return ("a lone surrogate as the whole body", json, Utf8("\"\\ud800\""));
        yield return ("invalid UTF-8", json, Concat(Utf8("{\"path\":\""), [0xFF, 0xED, 0xA0, 0x80], Utf8("\"}")));
        yield return ("invalid UTF-8 as text", "text/plain", [0xC3, 0x28, 0xFF]);
        yield return ("deep nesting", json, Utf8(new string('[', 5000) + new string(']', 5000)));
        yield return ("huge numbers", json, Utf8("""{"id":1e400,"n":123456789012345678901234567890123456789}"""));
        yield return ("truncated", json, Utf8("""{"id":"""));
        yield return ("empty", json, []);
        yield return ("array of oddities", json, Utf8("""[null,true,"\u0000",{"":{"":""}},-0,1e-400]"""));
    }

    [Fact]
    public async Task No_hostile_body_gets_a_5xx_from_any_endpoint_that_reads_one()
    {
        var server = fixture.Server;
        var logged = server.Logs.Entries.Count;
        var targets = BodyEndpoints(server).ToList();
        Assert.Contains(targets, target => target.Pattern == "/link-token");
        Assert.Contains(targets, target => target.Pattern == "/proxy/{resource}");
        Assert.Contains(targets, target => target.Pattern == "/proxy/_/{action}/test");
        Assert.Contains(targets, target => target.Pattern == "/integrated-account-webhook/{id}");
        Assert.Contains(targets, target => target.Pattern == "/integration" && target.Method == "POST");

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, pattern, path) in targets)
        {
            foreach (var (name, contentType, body) in Corpus())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
                if (contentType.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                using var response = await server.Client.SendAsync(request);
                sent++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{method} {pattern} with {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests answered 5xx:\n{string.Join('\n', failures)}");
        Assert.DoesNotContain(server.Logs.Entries.Skip(logged), entry => entry.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_hostile_vendor_answer_gets_a_platform_error()
    {
        var server = fixture.Server;
        var logged = server.Logs.Entries.Count;
        var calls = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, $"/proxy/users?integrated_account_id={fixture.AccountId}"),
            (HttpMethod.Get, $"/proxy/users/u1?integrated_account_id={fixture.AccountId}"),
            (HttpMethod.Post, $"/proxy/users?integrated_account_id={fixture.AccountId}"),
            (HttpMethod.Post, $"/proxy/_/whoami?integrated_account_id={fixture.AccountId}"),
            (HttpMethod.Post, $"/proxy/_/whoami/test?integrated_account_id={fixture.AccountId}"),
        };

        var failures = new List<string>();
        try
        {
            foreach (var status in new[] { 200, 400, 500 })
            {
                foreach (var (name, contentType, body) in VendorAnswers())
                {
                    fixture.Vendor.Status = status;
                    fixture.Vendor.RawAnswer = (contentType, body);
                    foreach (var (method, path) in calls)
                    {
                        var answer = await server.Client.SendAsync(method, path, method == HttpMethod.Post ? new JsonObject { ["name"] = "n" } : null);
                        // A vendor's own 5xx is passed on; the platform's own 500 must never happen.
                        if (answer.Text.Contains("An internal error occurred", StringComparison.Ordinal))
                        {
                            failures.Add($"{method} {path.Split('?')[0]} after a vendor {status} with {name}: {(int)answer.Status} {answer.Text}");
                        }
                    }
                }
            }
        }
        finally
        {
            fixture.Vendor.RawAnswer = null;
            fixture.Vendor.Status = 200;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} platform errors:\n{string.Join('\n', failures)}");
        Assert.DoesNotContain(server.Logs.Entries.Skip(logged), entry => entry.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    /// <summary>Every route taking a body, with its parameters filled from the fixture's objects; an unknown parameter fails the test so that it gets a value here.</summary>
    private IEnumerable<(string Method, string Pattern, string Path)> BodyEndpoints(PlatformServer server)
    {
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Intersect(BodyMethods))
            {
                var pattern = endpoint.RoutePattern;
                string Path(Func<RoutePatternParameterPart, string> parameter) => "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(
                    segment.Parts.Select(part => part switch
                    {
                        RoutePatternLiteralPart literal => literal.Content,
                        RoutePatternParameterPart named => parameter(named),
                        _ => throw new InvalidOperationException($"unexpected route part in {pattern.RawText}"),
                    }))));
                yield return (method, Path(named => $"{{{named.Name}}}"), Path(named => ValueFor(named.Name, pattern)) + $"?integrated_account_id={fixture.AccountId}");
            }
        }
    }

    private string ValueFor(string parameter, RoutePattern pattern)
    {
        var resource = pattern.PathSegments[0].Parts[0] is RoutePatternLiteralPart literal ? literal.Content : "";
        return (parameter, resource) switch
        {
            ("id", "environment") => fixture.EnvironmentId,
            ("id", "integration") => fixture.IntegrationId,
            ("id", "environment-integration" or "environment-integration-webhook") => fixture.InstallId,
            ("id", "integrated-account" or "integrated-account-webhook") => fixture.AccountId,
            ("id", "webhook") => fixture.WebhookId,
            ("id", "api-token") => Guid.NewGuid().ToString(),
            // Bodies are read before the object is looked up: an unknown id still meets every body check.
            ("id", "sync-job" or "sync-job-run" or "workflow" or "workflow-run") => Guid.NewGuid().ToString(),
            ("delivery_id", _) => Guid.NewGuid().ToString(),
            ("resource", "proxy") => "users",
            ("segment", "proxy") => "u1",
            ("action", "proxy") => "whoami",
            ("integration", "connect") => fixture.IntegrationName,
            _ => throw new InvalidOperationException($"the fuzz test has no value for {{{parameter}}} in {pattern.RawText}: add one"),
        };
    }

    /// <summary>A server with a small body limit and one of everything: environment, integration (resources, an action, inbound webhooks) installed, account, webhook, and the vendor behind them.</summary>
    public sealed class FuzzFixture : PlatformServerFixture, IAsyncLifetime
    {
        public EchoSimulator Vendor { get; } = new();

        public string EnvironmentId { get; private set; } = "";

        public string IntegrationId { get; private set; } = "";

        public string IntegrationName { get; private set; } = "";

        public string InstallId { get; private set; } = "";

        public string AccountId { get; private set; } = "";

        public string WebhookId { get; private set; } = "";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["MAX_REQUEST_BODY_BYTES"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        async Task IAsyncLifetime.InitializeAsync()
        {
            await Vendor.StartAsync();
            await InitializeAsync();
            var client = Server.Client;
            var config = TestData.ApiKeyConfig();
            config["base_url"] = Vendor.BaseUrl;
            config["resources"] = JsonNode.Parse("""
                {
                  "users": {
                    "list": { "method": "get", "path": "/users" }, "get": { "method": "get", "path": "/users/{{id}}" },
                    "create": { "method": "post", "path": "/users", "body": { "echo": "{{body}}" } },
                    "update": { "method": "patch", "path": "/users/{{id}}" }, "delete": { "method": "delete", "path": "/users/{{id}}" },
                    "search": { "method": "post", "path": "/users/search" }
                  }
                }
                """);
            config["actions"] = JsonNode.Parse("""
                { "whoami": { "inputs": [ { "name": "name" } ], "config": { "method": "POST", "path": "/me", "body": { "name": "{{inputs.name}}" } }, "outputs": [ { "name": "path", "key": "path" } ] } }
                """);
            config["webhook"] = JsonNode.Parse("""
                { "payload_transform": "$merge([$, {'seen': $string(body)}])", "context_lookup_field_name": "subdomain" }
                """);
            var integration = await TestData.CreateIntegrationAsync(client, TestData.Unique("fuzz"), config);
            IntegrationId = TestData.Id(integration);
            IntegrationName = TestData.Name(integration);
            InstallId = TestData.Id((await client.PostJsonAsync("/environment-integration", new JsonObject { ["integration_id"] = IntegrationId })).Expect(HttpStatusCode.Created));
            AccountId = TestData.Id(await TestData.CreateAccountAsync(client, IntegrationName, "fuzz-key"));
            WebhookId = TestData.Id((await client.PostJsonAsync("/webhook", new JsonObject { ["target_url"] = Vendor.BaseUrl + "/hook" })).Expect(HttpStatusCode.Created));
            EnvironmentId = TestData.Id((await client.PostJsonAsync("/environment", new JsonObject { ["name"] = TestData.Unique("fuzz") })).Expect(HttpStatusCode.Created));
        }

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            await Vendor.DisposeAsync();
        }
    }
}
