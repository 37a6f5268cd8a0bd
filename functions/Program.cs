var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

app.MapGet("/health", () => Results.Json(new { status = "ok" }));

app.Run();

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
