using Serverless.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatformHosting();

var app = builder.Build();
app.MapPlatformHosting();
app.MapGet("/health", () => Results.Json(new { status = "ok" }));

app.Run();

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
