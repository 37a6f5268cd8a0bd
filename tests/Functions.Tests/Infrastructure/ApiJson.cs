using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Serverless.Functions.Tests.Infrastructure;

/// <summary>Small request helpers over HttpClient that return the status and parsed JSON body.</summary>
public static class ApiJson
{
    public static async Task<ApiAnswer> SendAsync(this HttpClient client, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await client.SendRawAsync(request);
    }

    public static async Task<ApiAnswer> SendTextAsync(this HttpClient client, HttpMethod method, string path, string content, string contentType)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(content, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await client.SendRawAsync(request);
    }

    public static async Task<ApiAnswer> SendRawAsync(this HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
        {
            json = JsonNode.Parse(text);
        }

        return new ApiAnswer(response.StatusCode, json, text);
    }

    public static Task<ApiAnswer> GetJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static Task<ApiAnswer> PostJsonAsync(this HttpClient client, string path, JsonNode body) => client.SendAsync(HttpMethod.Post, path, body);

    public static Task<ApiAnswer> PatchJsonAsync(this HttpClient client, string path, JsonNode body) => client.SendAsync(HttpMethod.Patch, path, body);

    public static Task<ApiAnswer> DeleteJsonAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Delete, path);
}

/// <summary>An answer: status, JSON body (null when not JSON) and raw text.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonNode? Json, string Text)
{
    /// <summary>Asserts the status (showing the body on failure) and returns the JSON body.</summary>
    public JsonNode Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status} {status}, got {(int)Status} {Status}: {Text}");
        return Json ?? new JsonObject();
    }

    /// <summary>Asserts an error envelope with this status and returns its message.</summary>
    public string ExpectError(HttpStatusCode status)
    {
        var json = Expect(status);
        Assert.Equal((int)status, json["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(json["error"]!.GetValue<string>()));
        Assert.NotNull(json["details"]);
        return json["message"]!.GetValue<string>();
    }
}
