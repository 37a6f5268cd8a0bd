using Serverless.Functions.Api;
using Serverless.Functions.Hosting;
using Serverless.Functions.Proxy;
using Serverless.Functions.Webhooks.Inbound;
using Serverless.Functions.Webhooks.Outbound;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformHosting();
builder.Services.AddPlatformApi(builder.Configuration);
builder.Services.AddProxyApi();
builder.Services.AddOutboundWebhooks();

var app = builder.Build();
app.MapPlatformHosting();
app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.MapPlatformApi();
app.MapProxyApi();
app.MapInboundWebhooks();
app.MapOutboundWebhooks();

app.Run();

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
