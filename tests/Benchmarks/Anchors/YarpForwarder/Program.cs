using Yarp.ReverseProxy.Transforms;

// The YARP anchor of the proxy scenario: GET /contacts forwarded to UPSTREAM_URL with the vendor's bearer token added,
// what the platform's /proxy does at the least (the platform also authenticates the caller, resolves the account and
// shapes the answer). Quiet logging, as a tuned proxy runs.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHttpForwarder();
var app = builder.Build();
var upstream = Environment.GetEnvironmentVariable("UPSTREAM_URL") ?? throw new InvalidOperationException("UPSTREAM_URL is not set");
var authorization = "Bearer " + (Environment.GetEnvironmentVariable("UPSTREAM_TOKEN") ?? throw new InvalidOperationException("UPSTREAM_TOKEN is not set"));
app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.MapForwarder("/contacts", upstream, transforms => transforms.AddRequestHeader("Authorization", authorization, append: false));
app.Run();
