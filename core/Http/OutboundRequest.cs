using System.Text.Json.Nodes;
using Serverless.Core.Config;

namespace Serverless.Core.Http;

/// <summary>
/// A vendor request while the pipeline stages (request building, authorization, pagination) shape
/// it; <see cref="VendorRequestSender"/> turns it into an HTTP message.
/// </summary>
public sealed class OutboundRequest
{
    /// <summary>The HTTP method.</summary>
    public required HttpMethod Method { get; set; }

    /// <summary>Base URL plus path; it may already carry a query of its own.</summary>
    public required string Url { get; set; }

    /// <summary>Parameters added to <see cref="Url"/>; <c>null</c> values are left out.</summary>
    public JsonObject Query { get; set; } = [];

    /// <summary>How array values in <see cref="Query"/> are written.</summary>
    public QueryArrayFormat QueryArrayFormat { get; set; } = QueryArrayFormat.Comma;

    /// <summary>Request headers, by case-insensitive name.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body, encoded per <see cref="BodyFormat"/>; null sends none.</summary>
    public JsonNode? Body { get; set; }

    /// <summary>How <see cref="Body"/> is encoded.</summary>
    public BodyFormat BodyFormat { get; set; } = BodyFormat.Json;

    /// <summary>
    /// A link to request exactly as given (a Link header or a cursor that is a URL): <see cref="Url"/>
    /// and <see cref="Query"/> are not used, since some vendors reject their parameters next to the link's.
    /// </summary>
    public string? FollowUrl { get; set; }

    /// <summary>The URL to send to.</summary>
    public string ResolveUrl() => FollowUrl is { } link ? ResolveLink(Url, link) : QueryStringWriter.AppendTo(Url, Query, QueryArrayFormat);

    /// <summary>An absolute link as is; a relative one (Salesforce's <c>nextRecordsUrl</c>) against the request URL.</summary>
    public static string ResolveLink(string requestUrl, string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? link
            : new Uri(new Uri(requestUrl), link).ToString();
}
