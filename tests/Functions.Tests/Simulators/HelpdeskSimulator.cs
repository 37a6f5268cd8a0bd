using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// A Zendesk-style help desk (Truto's RapidBridge example: users, tickets, and comments per ticket). Lists page with
/// Zendesk's cursor pagination: <c>page[size]</c> (default 100, max 100) and <c>page[after]</c>, answering
/// <c>{"&lt;name&gt;": [...], "meta": {"has_more", "after_cursor"}}</c>. <c>GET /api/v2/tickets.json?updated_since=</c>
/// (ISO 8601) lists only tickets updated after that time, for incremental syncs. Bearer token auth.
/// </summary>
public sealed class HelpdeskSimulator : VendorSimulator
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _gate = new();

    public HelpdeskSimulator(string token, int userCount, int ticketCount, int commentsPerTicket)
    {
        Auth = SimulatorAuth.Bearer(token);
        Users = [.. Enumerable.Range(1, userCount).Select(i => new JsonObject
        {
            ["id"] = 1000 + i,
            ["name"] = $"User {i}",
            ["email"] = $"user{i}@helpdesk.example",
            ["role"] = i % 10 == 0 ? "agent" : "end-user",
        })];
        Tickets = [.. Enumerable.Range(1, ticketCount).Select(i => new JsonObject
        {
            ["id"] = 50000 + i,
            ["subject"] = $"Ticket {i}",
            ["status"] = i % 3 == 0 ? "solved" : "open",
            ["requester_id"] = 1000 + (i % Math.Max(1, userCount)) + 1,
            ["updated_at"] = Format(Epoch.AddMinutes(i)),
        })];
        Comments = Tickets.ToDictionary(
            ticket => (int)ticket["id"]!,
            ticket => (IReadOnlyList<JsonObject>)[.. Enumerable.Range(1, commentsPerTicket).Select(c => new JsonObject
            {
                ["id"] = (int)ticket["id"]! * 100 + c,
                ["ticket_id"] = (int)ticket["id"]!,
                ["body"] = $"Comment {c} on {(string?)ticket["subject"]}",
                ["public"] = c % 2 == 1,
            })]);
    }

    public IReadOnlyList<JsonObject> Users { get; }

    public IReadOnlyList<JsonObject> Tickets { get; }

    public IReadOnlyDictionary<int, IReadOnlyList<JsonObject>> Comments { get; }

    public int CommentCount => Comments.Values.Sum(c => c.Count);

    /// <summary>Marks tickets as updated at <paramref name="time"/> (an incremental sync should send them again).</summary>
    public void Touch(IEnumerable<int> ticketIds, DateTimeOffset time)
    {
        lock (_gate)
        {
            foreach (var ticket in Tickets.Where(t => ticketIds.Contains((int)t["id"]!)))
            {
                ticket["updated_at"] = Format(time);
            }
        }
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v2/users.json", (HttpRequest request) => Page(request, "users", Users));
        routes.MapGet("/api/v2/tickets.json", (HttpRequest request) =>
        {
            List<JsonObject> tickets;
            lock (_gate)
            {
                tickets = request.Query["updated_since"].ToString() is { Length: > 0 } since
                    && DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var after)
                        ? [.. Tickets.Where(t => DateTimeOffset.Parse((string)t["updated_at"]!, CultureInfo.InvariantCulture) > after)]
                        : [.. Tickets];
                return Page(request, "tickets", tickets);
            }
        });
        routes.MapGet("/api/v2/tickets/{id:int}/comments.json", (int id, HttpRequest request) =>
            Comments.TryGetValue(id, out var comments)
                ? Page(request, "comments", comments)
                : Json(new JsonObject { ["error"] = "RecordNotFound", ["description"] = "Not found" }, 404));
    }

    private static IResult Page(HttpRequest request, string name, IReadOnlyList<JsonObject> records)
    {
        var size = PageSize(request, "page[size]", 100, 100);
        var after = int.TryParse(request.Query["page[after]"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        var page = records.Skip(after).Take(size).ToList();
        var more = after + page.Count < records.Count;
        return Json(new JsonObject
        {
            [name] = Clone(page),
            ["meta"] = new JsonObject { ["has_more"] = more, ["after_cursor"] = more ? (after + page.Count).ToString(CultureInfo.InvariantCulture) : null },
        });
    }

    protected override IResult Unauthorized() => Json(new JsonObject { ["error"] = "Couldn't authenticate you" }, 401);
}
