using Microsoft.Azure.Functions.Worker.Builder;
using Serverless.Functions;
using Serverless.Functions.FunctionApp;
using Serverless.Functions.Hosting;
using Serverless.Functions.Hosting.Durable;

// One program, two ways to start (docs/hosting.md).
if (HostingMode.Detect(args).IsFunctionsHost)
{
    // Started by the Azure Functions host: an isolated worker whose functions (functions/FunctionApp/) hand every
    // request, queue message and timer firing to the same endpoints and handlers as the standalone server.
    var functions = FunctionsApplication.CreateBuilder(args);
    functions.ConfigureFunctionsWebApplication();
    functions.Services.AddPlatform(functions.Configuration, HostingMode.FunctionsHost);
    functions.Services.AddFunctionApp();
    var worker = functions.Build();
    worker.Services.ValidatePlatformTriggers();
    worker.Run();
    return;
}

// Standalone (the default, `dotnet run --project functions`): a plain ASP.NET Core server with its own queue
// pollers and timers.
var builder = WebApplication.CreateBuilder(args);
builder.AddStandaloneHosting();
builder.Services.AddPlatform(builder.Configuration, HostingMode.Standalone);
// The Durable Task engine in process (docs/durable.md): the gRPC sidecar over SQLite or Azure Storage, worker and client.
builder.AddDurableTaskEngine();

var app = builder.Build();
app.Services.ValidatePlatformTriggers();
app.UsePlatformMiddleware();
app.MapPlatform();
app.Run();

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
