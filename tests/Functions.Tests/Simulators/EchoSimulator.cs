using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// A vendor that answers every request by echoing it back (method, path, query, headers and body), as
/// debugging endpoints and many error pages do: with <see cref="Status"/>, as JSON or as plain text, or
/// as a redirect to <see cref="RedirectTo"/>, or with fixed bytes (<see cref="RawAnswer"/>).
/// </summary>
public sealed class EchoSimulator : VendorSimulator
{
    public int Status { get; set; } = 200;

    public bool AsText { get; set; }

    /// <summary>When set, every answer is a 302 with this <c>Location</c>.</summary>
    public string? RedirectTo { get; set; }

    /// <summary>When set, every answer is these bytes with this content type (and <see cref="Status"/>), however broken.</summary>
    public (string ContentType, byte[] Body)? RawAnswer { get; set; }

    protected override void MapRoutes(IEndpointRouteBuilder routes) => routes.Map("/{**path}", async (HttpContext context) =>
    {
        var request = context.Request;
        if (RedirectTo is { } location)
        {
            return Results.Redirect(location);
        }

        if (RawAnswer is var (contentType, bytes))
        {
            context.Response.StatusCode = Status;
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return Results.Empty;
        }

        using var reader = new StreamReader(request.Body);
        var headers = new JsonObject();
        foreach (var (name, value) in request.Headers) headers[name.ToLowerInvariant()] = value.ToString();
        var echo = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.Path.Value,
            ["query"] = request.QueryString.Value,
            ["headers"] = headers,
            ["body"] = await reader.ReadToEndAsync(context.RequestAborted),
        };
        return AsText
            ? Results.Text(string.Join('\n', headers.Select(pair => $"{pair.Key}: {pair.Value}")) + "\n" + echo["query"], "text/plain", statusCode: Status)
            : Json(echo, Status);
    });
}
