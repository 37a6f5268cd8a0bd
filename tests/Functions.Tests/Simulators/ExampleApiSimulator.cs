using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// The vendor of Truto's example integration config (<c>api.example.com</c> in the document): users paged
/// with <c>page</c>/<c>per_page</c> under <c>data.users</c>, orders created under <c>data.order</c> (an order
/// for a user id that is not <c>u-&lt;digits&gt;</c> answers 422 <c>{error: {message}}</c>), and <c>POST /sync/users</c>. Every answer carries
/// <c>X-RateLimit-Remaining</c>, counting down from <see cref="RateLimitBudget"/>.
/// </summary>
public sealed class ExampleApiSimulator : VendorSimulator
{
    public const int RateLimitBudget = 1000;
    private const int DefaultPageSize = 10;
    private int _remaining = RateLimitBudget;

    public ExampleApiSimulator(SimulatorAuth auth, int userCount)
    {
        Auth = auth;
        Users = [.. Enumerable.Range(1, userCount).Select(i => new JsonObject
        {
            ["id"] = $"00000000-0000-4000-8000-{i:D12}",
            ["name"] = $"User {i}",
            ["email"] = $"user{i}@example.com",
        })];
    }

    public IReadOnlyList<JsonObject> Users { get; }

    /// <summary>The bodies <c>POST /sync/users</c> received.</summary>
    public ConcurrentQueue<JsonNode?> SyncedUsers { get; } = new();

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/users", (HttpRequest request, HttpResponse response) =>
        {
            var page = Math.Max(1, NonNegativeInt(request, "page", 1));
            var size = PageSize(request, "per_page", DefaultPageSize, 100);
            CountDown(response);
            return Json(new JsonObject { ["data"] = new JsonObject { ["users"] = Clone(Users.Skip((page - 1) * size).Take(size)) } });
        });
        routes.MapPost("/orders", async (HttpRequest request, HttpResponse response) =>
        {
            CountDown(response);
            var order = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (order?["user_id"] is not JsonValue user || !System.Text.RegularExpressions.Regex.IsMatch(user.ToString(), "^u-[0-9]+$") || order["items"] is null)
            {
                return Json(new JsonObject { ["error"] = new JsonObject { ["message"] = $"unknown user '{order?["user_id"]}'" } }, 422);
            }
            order["id"] = "ord_1";
            return Json(new JsonObject { ["data"] = new JsonObject { ["order"] = order } }, 201);
        });
        routes.MapPost("/sync/users", async (HttpRequest request, HttpResponse response) =>
        {
            CountDown(response);
            var body = await JsonNode.ParseAsync(request.Body);
            SyncedUsers.Enqueue(body);
            return Json(new JsonObject { ["synced"] = true });
        });
    }

    private void CountDown(HttpResponse response) =>
        response.Headers["X-RateLimit-Remaining"] = Interlocked.Decrement(ref _remaining).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
