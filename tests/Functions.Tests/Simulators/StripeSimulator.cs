using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// Stripe: <c>GET /v1/customers?limit=&amp;starting_after=</c> (default 10, max 100) answering
/// <c>{"object":"list","data":[...],"has_more":..}</c>; <c>POST /v1/customers</c> with a form body;
/// HTTP basic auth with the secret key as the user name and an empty password.
/// </summary>
public sealed class StripeSimulator : VendorSimulator
{
    private readonly List<JsonObject> _customers;
    private readonly Lock _gate = new();

    public StripeSimulator(string secretKey = "sk_test_simulated", int customerCount = 230)
    {
        Auth = SimulatorAuth.Basic(secretKey, "");
        _customers = [.. Enumerable.Range(1, customerCount).Select(i => Customer($"cus_{i:D6}", $"customer{i}@example.com", $"Customer {i}", 1_700_000_000 + i))];
    }

    public IReadOnlyList<JsonObject> Customers
    {
        get { lock (_gate) return [.. _customers]; }
    }

    private static JsonObject Customer(string id, string? email, string? name, long created) => new()
    {
        ["id"] = id,
        ["object"] = "customer",
        ["email"] = email,
        ["name"] = name,
        ["created"] = created,
    };

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/customers", (HttpRequest request) =>
        {
            var limit = PageSize(request, "limit", 10, 100);
            var snapshot = Customers;
            var start = 0;
            if (request.Query["starting_after"].ToString() is { Length: > 0 } after)
            {
                var index = snapshot.ToList().FindIndex(customer => (string?)customer["id"] == after);
                if (index < 0) return StripeError(400, "invalid_request_error", $"No such customer: '{after}'");
                start = index + 1;
            }
            var page = snapshot.Skip(start).Take(limit).ToList();
            return Json(new JsonObject
            {
                ["object"] = "list",
                ["url"] = "/v1/customers",
                ["has_more"] = start + page.Count < snapshot.Count,
                ["data"] = Clone(page),
            });
        });
        routes.MapGet("/v1/customers/{id}", (string id) =>
            Customers.FirstOrDefault(customer => (string?)customer["id"] == id) is { } customer
                ? Json(customer.DeepClone())
                : StripeError(404, "invalid_request_error", $"No such customer: '{id}'"));
        routes.MapPost("/v1/customers", async (HttpRequest request) =>
        {
            if (!request.HasFormContentType) return StripeError(400, "invalid_request_error", "Expected a form body");
            var form = await request.ReadFormAsync();
            JsonObject created;
            lock (_gate)
            {
                created = Customer($"cus_new{_customers.Count + 1:D6}", form["email"].FirstOrDefault(), form["name"].FirstOrDefault(), 1_800_000_000);
                _customers.Add(created);
            }
            return Json(created.DeepClone());
        });
    }

    private static IResult StripeError(int status, string type, string message) =>
        Json(new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message } }, status);

    protected override IResult Unauthorized() =>
        StripeError(401, "invalid_request_error", "Invalid API Key provided");

    protected override IResult RateLimited() =>
        StripeError(429, "rate_limit_error", "Too many requests hit the API too quickly.");
}
