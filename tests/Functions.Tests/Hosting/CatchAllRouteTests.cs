using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Functions.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The catch-all HTTP function's route, evaluated by ASP.NET Core routing (the router the Functions host
/// uses for function routes): an internet request must never be forwarded to a trigger's invocation path.
/// </summary>
public sealed class CatchAllRouteTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Map("/" + FunctionAppLayout.CatchAllRoute(["EventFanOut", "WebhookDelivery", "Cron"]), (HttpContext http) => Results.Text("forwarded:" + http.Request.RouteValues["path"]));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/EventFanOut")]
    [InlineData("/eventfanout")]
    [InlineData("/EventFanOut/")]
    [InlineData("/WebhookDelivery/extra")]
    [InlineData("/Cron")]
    [InlineData("/Event%46anOut")]
    public async Task Trigger_function_paths_are_not_forwarded(string path)
    {
        using var response = await _client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/integration/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/EventFanOutLater")]
    [InlineData("/proxy/Cron")]
    public async Task Every_other_path_is_forwarded(string path)
    {
        using var response = await _client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_bare_root_is_not_forwarded_once_the_route_is_constrained()
    {
        // A regex constraint refuses an empty catch-all value; the platform serves nothing at "/".
        using var response = await _client.GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Without_trigger_functions_the_route_is_a_plain_catch_all()
    {
        Assert.Equal("{*path}", FunctionAppLayout.CatchAllRoute([]));
    }
}
