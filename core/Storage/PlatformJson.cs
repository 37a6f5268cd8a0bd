using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Core.Json;

namespace Serverless.Core.Storage;

/// <summary>The one serializer configuration for stored platform documents: snake_case, like the public API.</summary>
internal static class PlatformJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new UtcTimestampJsonConverter() },
    };
}
