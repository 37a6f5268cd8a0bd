using Serverless.Core.Storage.Embedded;
using Serverless.Functions.Api;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEmbeddedStorage(options =>
{
    options.DataDirectory = builder.Configuration["DATA_DIR"] is { Length: > 0 } dataDirectory ? dataDirectory : options.DataDirectory;
    options.SecretsKey = builder.Configuration["SECRETS_KEY"];
});
builder.Services.AddPlatformApi(builder.Configuration);

var app = builder.Build();

app.MapGet("/health", () => Results.Json(new { status = "ok" }));
app.MapPlatformApi();

app.Run();

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
