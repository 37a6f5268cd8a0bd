using System.Text.Json.Nodes;

namespace Serverless.Functions.Api.Bodies;

/// <summary>A checked request body: the bound value and the JSON it came from (PATCH needs to see which keys were sent).</summary>
internal sealed record RequestBody<T>(T Value, JsonObject Json);
