using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// Reads an integration config from JSON or YAML text (or an already parsed tree), validates it and builds
/// the typed model. Nothing is built from an invalid document.
/// </summary>
public sealed class IntegrationConfigReader(IntegrationConfigValidator validator)
{
    /// <summary>Validates and builds; <paramref name="config"/> is copied, so later changes to it do not leak in.</summary>
    public ConfigReadResult Read(JsonNode? config)
    {
        var validation = validator.Validate(config);
        if (!validation.IsValid)
        {
            return new ConfigReadResult(null, validation);
        }

        var raw = JsonNodeMaterializer.Materialize((JsonObject)config!.DeepClone());
        IntegrationConfig? model;
        try
        {
            model = raw.Deserialize<IntegrationConfig>(IntegrationConfigJson.Options);
        }
        catch (JsonException ex)
        {
            // The schema should have caught it; still a 400 naming the place, never a crash.
            return Invalid(ex.Path ?? JsonPath.Root, ex.Message);
        }

        return model is null
            ? Invalid(JsonPath.Root, "expected object, got null")
            : new ConfigReadResult(new ParsedIntegrationConfig(raw, model), validation);
    }

    /// <summary>
    /// Deep-merges <paramref name="patch"/> over <paramref name="config"/> (a PATCH of <c>config</c>, or an
    /// environment-integration <c>override</c>; <c>null</c> removes a key) and reads the result.
    /// </summary>
    public ConfigReadResult ReadMerged(JsonNode? config, JsonNode? patch) => Read(JsonDeepMerge.Merge(config, patch));

    public ConfigReadResult ReadJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return Invalid(JsonPath.Root, $"invalid JSON: {ex.Message}");
        }

        return Read(node);
    }

    public ConfigReadResult ReadYaml(string yaml)
    {
        JsonNode? node;
        try
        {
            node = YamlJsonReader.Read(yaml);
        }
        catch (YamlJsonException ex)
        {
            return Invalid(JsonPath.Root, ex.Message);
        }

        return Read(node);
    }

    private static ConfigReadResult Invalid(string path, string message) => new(null, new ConfigValidationResult([new ValidationError(path, message)]));
}

/// <summary>The outcome of <see cref="IntegrationConfigReader"/>: a config, or the problems that prevented it.</summary>
public sealed record ConfigReadResult(ParsedIntegrationConfig? Config, ConfigValidationResult Validation)
{
    public bool IsValid => Config is not null;
}
