using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// Microsoft Graph v1.0: <c>GET /v1.0/users?$top=</c> (default 100, max 999) answering
/// <c>{"@odata.context","value":[...],"@odata.nextLink":"&lt;absolute URL with $skiptoken&gt;"}</c>; bearer token.
/// </summary>
public sealed class MicrosoftGraphSimulator : VendorSimulator
{
    public MicrosoftGraphSimulator(SimulatorAuth auth, int userCount = 260)
    {
        Auth = auth;
        Users = [.. Enumerable.Range(1, userCount).Select(i => new JsonObject
        {
            ["id"] = new Guid(i, 0, 0, new byte[8]).ToString(),
            ["displayName"] = $"User {i}",
            ["mail"] = $"user{i}@contoso.example",
            ["userPrincipalName"] = $"user{i}@contoso.example",
        })];
    }

    public IReadOnlyList<JsonObject> Users { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/users", (HttpRequest request) =>
        {
            var top = PageSize(request, "$top", 100, 999);
            // The skip token is opaque to clients; the simulator encodes the offset in it.
            var skipToken = request.Query["$skiptoken"].ToString();
            var skip = 0;
            if (skipToken.Length > 0 && !(skipToken.StartsWith("X0", StringComparison.Ordinal)
                && int.TryParse(skipToken[2..], NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
            {
                return Json(new JsonObject { ["error"] = new JsonObject { ["code"] = "BadRequest", ["message"] = "Invalid skip token" } }, 400);
            }
            var page = Users.Skip(skip).Take(top).ToList();
            var body = new JsonObject
            {
                ["@odata.context"] = $"{BaseUrl}/v1.0/$metadata#users",
                ["value"] = Clone(page),
            };
            if (skip + page.Count < Users.Count)
            {
                body["@odata.nextLink"] = $"{BaseUrl}/v1.0/users?$top={top}&$skiptoken=X0{skip + page.Count}";
            }
            return Json(body);
        });
    }

    protected override IResult Unauthorized() => Json(new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = "InvalidAuthenticationToken", ["message"] = "Access token is empty." },
    }, 401);

    protected override IResult RateLimited() => Json(new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = "TooManyRequests", ["message"] = "Too many requests" },
    }, 429);
}
