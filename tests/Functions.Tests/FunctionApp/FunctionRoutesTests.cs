using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.FunctionApp.Http;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The HTTP functions' routes against the standalone server's routes, matched the way the Functions host matches
/// them (ASP.NET Core <see cref="Route"/>s tried in turn, not by specificity): every route of the platform falls
/// under exactly one function, the one of its capability, with its methods.
/// </summary>
public sealed class FunctionRoutesTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private static readonly IServiceProvider RoutingServices = new ServiceCollection().AddRouting().AddLogging().BuildServiceProvider();

    /// <summary>Name, route and methods of every HTTP function, from the attributes functions.metadata is generated from.</summary>
    private static readonly IReadOnlyList<(string Name, Route Route, string[] Methods)> Functions = typeof(HttpFunctions)
        .GetMethods()
        .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>(), Trigger: method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)))
        .Where(f => f.Function is not null && f.Trigger is not null)
        .Select(f => (f.Function!.Name, new Route(new RouteHandler(_ => Task.CompletedTask), f.Function.Name, f.Trigger!.Route, null, null, null,
            RoutingServices.GetRequiredService<IInlineConstraintResolver>()), f.Trigger.Methods!.Select(m => m.ToUpperInvariant()).ToArray()))
        .ToList();

    [Fact]
    public void There_is_one_http_function_per_capability()
    {
        Assert.Equal(
            [FunctionRoutes.ConnectFunction, FunctionRoutes.InboundWebhooksFunction, FunctionRoutes.PlatformApiFunction, FunctionRoutes.ProxyFunction, FunctionRoutes.SyncJobsFunction],
            Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_route_of_the_standalone_server_is_served_by_exactly_its_capability_function()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found");

        foreach (var endpoint in endpoints)
        {
            var path = SamplePath(endpoint.RoutePattern);
            var matches = await MatchingFunctionsAsync(path);
            var expected = CapabilityOf(path);
            Assert.True(matches.Count == 1 && matches[0] == expected,
                $"{endpoint.DisplayName}: {path} is served by [{string.Join(", ", matches)}], expected {expected}. Add its first path segment to FunctionRoutes.");

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var functionMethods = Functions.Single(f => f.Name == expected).Methods;
            Assert.All(methods, method => Assert.Contains(method, functionMethods));
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/nothing-here")]
    [InlineData("/healthz")]
    [InlineData("/integrations")]
    [InlineData("/webhooks/x")]
    [InlineData("/connected")]
    [InlineData("/sync-jobs")]
    [InlineData("/workflows")]
    [InlineData("/account-webhook/x")]
    public async Task Paths_outside_every_capability_reach_no_function(string path)
    {
        Assert.Empty(await MatchingFunctionsAsync(path));
    }

    [Theory]
    [InlineData("/proxy", FunctionRoutes.ProxyFunction)]
    [InlineData("/proxy/_/send-email/test", FunctionRoutes.ProxyFunction)]
    [InlineData("/Proxy/contacts", FunctionRoutes.ProxyFunction)]
    [InlineData("/environment", FunctionRoutes.PlatformApiFunction)]
    [InlineData("/ENVIRONMENT-INTEGRATION/x", FunctionRoutes.PlatformApiFunction)]
    [InlineData("/openapi.json", FunctionRoutes.PlatformApiFunction)]
    [InlineData("/connect/callback", FunctionRoutes.ConnectFunction)]
    [InlineData("/environment-integration-webhook/x", FunctionRoutes.InboundWebhooksFunction)]
    [InlineData("/sync-job", FunctionRoutes.SyncJobsFunction)]
    [InlineData("/SYNC-JOB-RUN/x", FunctionRoutes.SyncJobsFunction)]
    [InlineData("/workflow/x/schedules", FunctionRoutes.PlatformApiFunction)]
    [InlineData("/workflow-run", FunctionRoutes.PlatformApiFunction)]
    public async Task Paths_are_matched_case_insensitively_with_or_without_more_segments(string path, string function)
    {
        Assert.Equal([function], await MatchingFunctionsAsync(path));
    }

    private static async Task<List<string>> MatchingFunctionsAsync(string path)
    {
        var matches = new List<string>();
        foreach (var (name, route, _) in Functions)
        {
            var context = new RouteContext(new DefaultHttpContext { RequestServices = RoutingServices, Request = { Path = path } });
            await route.RouteAsync(context);
            if (context.Handler is not null)
            {
                matches.Add(name);
            }
        }
        return matches;
    }

    private static string CapabilityOf(string path)
    {
        var first = path.TrimStart('/').Split('/')[0];
        return first switch
        {
            "proxy" => FunctionRoutes.ProxyFunction,
            "link-token" or "connect" => FunctionRoutes.ConnectFunction,
            "sync-job" or "sync-job-run" => FunctionRoutes.SyncJobsFunction,
            _ when first.EndsWith("-webhook", StringComparison.Ordinal) => FunctionRoutes.InboundWebhooksFunction,
            _ => FunctionRoutes.PlatformApiFunction,
        };
    }

    /// <summary>A path the pattern matches: literals as written, parameters with a value their constraints accept.</summary>
    private static string SamplePath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { IsCatchAll: true } => "a/b",
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
            _ => "x",
        }))));
}
