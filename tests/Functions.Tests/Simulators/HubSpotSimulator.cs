using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// HubSpot CRM v3: <c>GET /crm/v3/objects/contacts?limit=&amp;after=</c> (default 10, max 100) answering
/// <c>{"results":[...],"paging":{"next":{"after":"..","link":".."}}}</c> (no <c>paging</c> on the last
/// page); OAuth bearer tokens (from <see cref="OAuthServerSimulator"/> or a fixed set).
/// </summary>
public sealed class HubSpotSimulator : VendorSimulator
{
    public HubSpotSimulator(SimulatorAuth auth, int contactCount = 240)
    {
        Auth = auth;
        Contacts = [.. Enumerable.Range(1, contactCount).Select(i => new JsonObject
        {
            ["id"] = (5000 + i).ToString(CultureInfo.InvariantCulture),
            ["properties"] = new JsonObject
            {
                ["email"] = $"contact{i}@example.org",
                ["firstname"] = $"First{i}",
                ["lastname"] = $"Last{i}",
            },
            ["createdAt"] = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i).ToString("O", CultureInfo.InvariantCulture),
            ["archived"] = false,
        })];
    }

    public IReadOnlyList<JsonObject> Contacts { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/crm/v3/objects/contacts", (HttpRequest request) =>
        {
            var limit = PageSize(request, "limit", 10, 100);
            // HubSpot's `after` is an opaque string; here it is the offset, which clients must not rely on.
            var after = NonNegativeInt(request, "after", 0);
            var page = Contacts.Skip(after).Take(limit).ToList();
            var body = new JsonObject { ["results"] = Clone(page) };
            if (after + page.Count < Contacts.Count)
            {
                var next = (after + page.Count).ToString(CultureInfo.InvariantCulture);
                body["paging"] = new JsonObject
                {
                    ["next"] = new JsonObject
                    {
                        ["after"] = next,
                        ["link"] = $"{BaseUrl}/crm/v3/objects/contacts?after={next}&limit={limit}",
                    },
                };
            }
            return Json(body);
        });
        routes.MapGet("/crm/v3/objects/contacts/{id}", (string id) =>
            Contacts.FirstOrDefault(contact => (string?)contact["id"] == id) is { } contact
                ? Json(contact.DeepClone())
                : Json(new JsonObject { ["status"] = "error", ["message"] = "Object not found", ["category"] = "OBJECT_NOT_FOUND" }, 404));
    }

    protected override IResult Unauthorized() => Json(new JsonObject
    {
        ["status"] = "error",
        ["message"] = "Authentication credentials not found.",
        ["category"] = "INVALID_AUTHENTICATION",
    }, 401);

    protected override IResult RateLimited() => Json(new JsonObject
    {
        ["status"] = "error",
        ["message"] = "You have reached your secondly limit.",
        ["errorType"] = "RATE_LIMIT",
        ["policyName"] = "SECONDLY",
    }, 429);
}
