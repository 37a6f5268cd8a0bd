using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>Plain HTTP calls against a simulator, for the simulators' own tests.</summary>
internal static class SimulatorTestClient
{
    private static readonly HttpClient Client = new();

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> GetAsync(string url, AuthenticationHeaderValue? auth, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Authorization = auth } };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string url, HttpContent content, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Headers = { Authorization = auth } };
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static void AssertSameRecords(IEnumerable<JsonObject> expected, IEnumerable<JsonNode?> actual) =>
        Xunit.Assert.Equal(expected.Select(record => record.ToJsonString()), actual.Select(record => record!.ToJsonString()));
}
