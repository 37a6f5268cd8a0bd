using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>
/// Salesforce REST: <c>GET /services/data/v59.0/query?q=SELECT ...</c> answering
/// <c>{"totalSize","done","records","nextRecordsUrl"}</c> where <c>nextRecordsUrl</c> is a path
/// (<c>/services/data/v59.0/query/01g...-200</c>) relative to the instance URL; the batch size comes
/// from <c>Sforce-Query-Options: batchSize=N</c> (200–2000, default 2000); bearer token.
/// </summary>
public sealed class SalesforceSimulator : VendorSimulator
{
    private const string QueryPath = "/services/data/v59.0/query";
    private const string Locator = "01gD0000002HU6KIAW";

    public SalesforceSimulator(SimulatorAuth auth, int accountCount = 450)
    {
        Auth = auth;
        Accounts = [.. Enumerable.Range(1, accountCount).Select(i => new JsonObject
        {
            ["attributes"] = new JsonObject
            {
                ["type"] = "Account",
                ["url"] = $"/services/data/v59.0/sobjects/Account/001D000000Ik{i:D6}",
            },
            ["Id"] = $"001D000000Ik{i:D6}",
            ["Name"] = $"Account {i}",
        })];
    }

    public IReadOnlyList<JsonObject> Accounts { get; }

    protected override void MapRoutes(IEndpointRouteBuilder routes)
    {
        routes.MapGet(QueryPath, (HttpRequest request) =>
        {
            var query = request.Query["q"].ToString();
            if (!query.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                return Json(new JsonArray(new JsonObject { ["message"] = "unexpected token", ["errorCode"] = "MALFORMED_QUERY" }), 400);
            }
            return Batch(0, BatchSize(request));
        });
        routes.MapGet(QueryPath + "/{cursor}", (string cursor, HttpRequest request) =>
        {
            var separator = cursor.LastIndexOf('-');
            if (separator < 0 || cursor[..separator] != Locator
                || !int.TryParse(cursor[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            {
                return Json(new JsonArray(new JsonObject { ["message"] = "invalid query locator", ["errorCode"] = "INVALID_QUERY_LOCATOR" }), 400);
            }
            return Batch(start, BatchSize(request));
        });
    }

    private static int BatchSize(HttpRequest request)
    {
        const string prefix = "batchSize=";
        var options = request.Headers["Sforce-Query-Options"].ToString();
        var at = options.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && int.TryParse(options[(at + prefix.Length)..].Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? Math.Clamp(size, 200, 2000)
            : 2000;
    }

    private IResult Batch(int start, int size)
    {
        var records = Accounts.Skip(start).Take(size).ToList();
        var done = start + records.Count >= Accounts.Count;
        var body = new JsonObject
        {
            ["totalSize"] = Accounts.Count,
            ["done"] = done,
            ["records"] = Clone(records),
        };
        if (!done) body["nextRecordsUrl"] = $"{QueryPath}/{Locator}-{start + records.Count}";
        return Json(body);
    }

    protected override IResult Unauthorized() =>
        Json(new JsonArray(new JsonObject { ["message"] = "Session expired or invalid", ["errorCode"] = "INVALID_SESSION_ID" }), 401);

    protected override IResult RateLimited() =>
        Json(new JsonArray(new JsonObject { ["message"] = "TotalRequests Limit exceeded.", ["errorCode"] = "REQUEST_LIMIT_EXCEEDED" }), 429);
}
