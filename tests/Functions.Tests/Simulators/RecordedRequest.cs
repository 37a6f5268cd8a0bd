namespace Serverless.Functions.Tests.Simulators;

/// <summary>One request a simulator received, kept for assertions.</summary>
/// <param name="Headers">Header names are lower-case.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string PathAndQuery => Path + QueryString;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? Query(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(QueryString).TryGetValue(name, out var values)
            ? values.ToString()
            : null;
}
