using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Functions.FunctionApp;
using Serverless.Functions.FunctionApp.Http;
using Serverless.Functions.FunctionApp.Triggers;
using Serverless.Functions.Hosting;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Functions.Tests.FunctionApp;

/// <summary>
/// The Function App's services composed as Program.cs composes them for the worker (<c>AddPlatform</c> +
/// <c>AddFunctionApp</c>, no standalone pollers or timers) in an ASP.NET Core web host like the worker's (which
/// <c>ConfigureFunctionsWebApplication</c> gives it), over a temporary embedded store, without the Functions host:
/// the tests call the <c>[Function]</c> methods directly with an <see cref="HttpContext"/>, a queue message or a
/// timer info, as the worker would.
/// </summary>
internal sealed class FunctionAppHarness : IAsyncDisposable
{
    public const string AdminToken = "function-app-admin-token";

    private readonly WebApplication _host;
    private readonly string _dataDirectory;

    private FunctionAppHarness(WebApplication host, string dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>The HTTP functions as the worker creates them for an invocation.</summary>
    public HttpFunctions Http => ActivatorUtilities.CreateInstance<HttpFunctions>(Services);

    /// <summary>The queue and timer functions as the worker creates them for an invocation.</summary>
    public TriggerFunctions Triggers => ActivatorUtilities.CreateInstance<TriggerFunctions>(Services);

    /// <param name="configureServices">Runs after the app's own registrations (test trigger handlers, options).</param>
    public static async Task<FunctionAppHarness> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("function-app-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The worker's own server listens on a loopback port the host forwards to; nothing is mapped on it here.
            ["urls"] = "http://127.0.0.1:0",
            [PlatformSettings.DataDirectory] = dataDirectory,
            ["ADMIN_API_TOKEN"] = AdminToken,
            [PlatformSettings.AllowPrivateNetworkTargets] = "true",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddPlatform(builder.Configuration, HostingMode.Standalone);
        builder.Services.AddFunctionApp();
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        host.Services.ValidatePlatformTriggers();
        await host.StartAsync();
        return new FunctionAppHarness(host, dataDirectory);
    }

    /// <summary>
    /// Invokes an HTTP function with a request built like the worker's: already routed to the function (its
    /// endpoint and route values set), the response written by the function's <see cref="IResult"/>.
    /// </summary>
    public async Task<ApiAnswer> InvokeAsync(
        Func<HttpFunctions, HttpRequest, Task<IResult>> function, HttpMethod method, string pathAndQuery, JsonNode? body = null, string? token = AdminToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = method.Method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("functions.test");
        http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (token is not null)
        {
            http.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token).ToString();
        }
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            http.Request.ContentType = "application/json";
            http.Request.ContentLength = bytes.Length;
            http.Request.Body = new MemoryStream(bytes);
        }
        using var responseBody = new MemoryStream();
        http.Response.Body = responseBody;
        // The worker's own routing picked the function: its endpoint and route values are on the request.
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, null, "function endpoint"));
        http.Request.RouteValues["path"] = "set-by-the-worker";

        var result = await function(Http, http.Request);
        await result.ExecuteAsync(http);

        var text = Encoding.UTF8.GetString(responseBody.ToArray());
        var json = http.Response.ContentType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        return new ApiAnswer((HttpStatusCode)http.Response.StatusCode, json, text);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising handle; the temp directory is cleaned by the OS.
        }
    }
}
