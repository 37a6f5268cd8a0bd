using System.Net;
using Microsoft.Net.Http.Headers;

namespace Serverless.Functions.Proxy;

/// <summary>
/// What <c>/connect/callback</c> answers when the link had no <c>redirect_uri</c>: a small HTML page for
/// the person in the browser who just authorized the app, or the JSON result for a program.
/// </summary>
internal static class ConnectResultPage
{
    public static IResult Answer(HttpRequest request, Guid accountId, string status)
    {
        if (!WantsHtml(request))
        {
            return Results.Json(new { integrated_account_id = accountId.ToString("D"), status });
        }

        var connected = status == "active";
        var title = connected ? "Account connected" : "Account connected, but not active yet";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{{title}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:.1rem .3rem}</style>
            </head>
            <body>
            <h1>{{title}}</h1>
            <p>Status: <strong id="status">{{WebUtility.HtmlEncode(status)}}</strong></p>
            <p>Integrated account: <code id="integrated-account-id">{{accountId:D}}</code></p>
            <p>You can close this window.</p>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static bool WantsHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(media => media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
