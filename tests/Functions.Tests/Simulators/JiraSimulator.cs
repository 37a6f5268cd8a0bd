using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// Jira Cloud REST v3: <c>GET /rest/api/3/search?jql=&amp;startAt=&amp;maxResults=</c> (default 50, max 100)
/// answering <c>{"startAt","maxResults","total","issues":[...]}</c>; basic auth with email:api_token.
/// </summary>
public sealed class JiraSimulator : VendorSimulator
{
    public JiraSimulator(string email = "admin@example.com", string apiToken = "jira-simulated-token", int issueCount = 320)
    {
        Auth = SimulatorAuth.Basic(email, apiToken);
        Issues = [.. Enumerable.Range(1, issueCount).Select(i => new JsonObject
        {
            ["id"] = (10_000 + i).ToString(CultureInfo.InvariantCulture),
            ["key"] = $"PROJ-{i}",
            ["self"] = $"https://example.atlassian.net/rest/api/3/issue/{10_000 + i}",
            ["fields"] = new JsonObject { ["summary"] = $"Issue number {i}", ["status"] = new JsonObject { ["name"] = i % 2 == 0 ? "Done" : "To Do" } },
        })];
    }

    public IReadOnlyList<JsonObject> Issues { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/rest/api/3/search", (HttpRequest request) =>
        {
            var maxResults = PageSize(request, "maxResults", 50, 100);
            var startAt = NonNegativeInt(request, "startAt", 0);
            return Json(new JsonObject
            {
                ["expand"] = "names,schema",
                ["startAt"] = startAt,
                ["maxResults"] = maxResults,
                ["total"] = Issues.Count,
                ["issues"] = Clone(Issues.Skip(startAt).Take(maxResults)),
            });
        });
    }

    protected override IResult Unauthorized() =>
        Json(new JsonObject { ["errorMessages"] = new JsonArray("You are not authenticated. Authentication required to perform this operation."), ["errors"] = new JsonObject() }, 401);
}
