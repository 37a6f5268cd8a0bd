using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// GitHub REST: <c>GET /user/repos?per_page=&amp;page=</c> (default 30, max 100) answering a bare array
/// and an RFC 8288 <c>Link</c> header with rel next/last (and prev/first after page 1); bearer token.
/// </summary>
public sealed class GitHubSimulator : VendorSimulator
{
    public GitHubSimulator(string token = "ghp_simulated_token", int repositoryCount = 250)
    {
        Auth = SimulatorAuth.Bearer(token);
        Repositories = [.. Enumerable.Range(1, repositoryCount).Select(i => new JsonObject
        {
            ["id"] = 100_000 + i,
            ["name"] = $"repo-{i:D4}",
            ["full_name"] = $"octocat/repo-{i:D4}",
            ["private"] = i % 3 == 0,
            ["stargazers_count"] = i * 7 % 101,
        })];
    }

    public IReadOnlyList<JsonObject> Repositories { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/user/repos", (HttpContext context) =>
        {
            var perPage = PageSize(context.Request, "per_page", 30, 100);
            var page = Math.Max(1, NonNegativeInt(context.Request, "page", 1));
            var lastPage = Math.Max(1, (Repositories.Count + perPage - 1) / perPage);
            var links = new List<string>();
            string Link(int target, string rel) => $"<{BaseUrl}/user/repos?per_page={perPage}&page={target}>; rel=\"{rel}\"";
            if (page > 1) links.Add(Link(page - 1, "prev"));
            if (page < lastPage) links.Add(Link(page + 1, "next"));
            if (page < lastPage) links.Add(Link(lastPage, "last"));
            if (page > 1) links.Add(Link(1, "first"));
            if (links.Count > 0) context.Response.Headers.Link = string.Join(", ", links);
            return Json(Clone(Repositories.Skip((page - 1) * perPage).Take(perPage)));
        });
        routes.MapGet("/repos/octocat/{name}", (string name) =>
            Repositories.FirstOrDefault(repo => (string?)repo["name"] == name) is { } repo
                ? Json(repo.DeepClone())
                : Json(new JsonObject { ["message"] = "Not Found" }, 404));
    }

    protected override IResult Unauthorized() =>
        Json(new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" }, 401);

    protected override IResult RateLimited() =>
        Json(new JsonObject { ["message"] = "API rate limit exceeded" }, 429);
}
