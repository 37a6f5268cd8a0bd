using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// Slack Web API: <c>GET /api/users.list?limit=&amp;cursor=</c> (default 100, max 1000) answering
/// <c>{"ok":true,"members":[...],"response_metadata":{"next_cursor":".."}}</c> with an empty
/// <c>next_cursor</c> on the last page. A bad or missing token is HTTP 200 with
/// <c>{"ok":false,"error":"invalid_auth"|"not_authed"}</c>, as Slack does.
/// </summary>
public sealed class SlackSimulator : VendorSimulator
{
    public SlackSimulator(string token = "xoxb-simulated-token", int memberCount = 275)
    {
        Auth = SimulatorAuth.Bearer(token);
        Members = [.. Enumerable.Range(1, memberCount).Select(i => new JsonObject
        {
            ["id"] = $"U{i:D8}",
            ["team_id"] = "T00000001",
            ["name"] = $"member{i}",
            ["real_name"] = $"Member Number {i}",
            ["deleted"] = false,
        })];
    }

    public IReadOnlyList<JsonObject> Members { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/users.list", (HttpRequest request) =>
        {
            var limit = PageSize(request, "limit", 100, 1000);
            var start = 0;
            var cursor = request.Query["cursor"].ToString();
            if (cursor.Length > 0 && !TryDecodeCursor(cursor, out start))
            {
                return Json(new JsonObject { ["ok"] = false, ["error"] = "invalid_cursor" });
            }
            var page = Members.Skip(start).Take(limit).ToList();
            var end = start + page.Count;
            return Json(new JsonObject
            {
                ["ok"] = true,
                ["members"] = Clone(page),
                ["cache_ts"] = 1_700_000_000,
                ["response_metadata"] = new JsonObject
                {
                    ["next_cursor"] = end < Members.Count ? EncodeCursor(end) : "",
                },
            });
        });
    }

    // Slack's cursors look like base64 of "user:<id>"; clients treat them as opaque.
    private string EncodeCursor(int index) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + (string)Members[index]["id"]!));

    private bool TryDecodeCursor(string cursor, out int index)
    {
        index = 0;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (!decoded.StartsWith("user:U", StringComparison.Ordinal)) return false;
            if (!int.TryParse(decoded["user:U".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1) return false;
            index = number - 1;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    protected override IResult Unauthorized() =>
        Json(new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" });

    protected override IResult RateLimited() => Json(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, 429);
}
