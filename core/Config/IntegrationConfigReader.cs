using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Json;

namespace Serverless.Core.Config;

/// <summary>
/// Validates an integration config document and builds the typed model from it. Nothing is built from an invalid
/// document: the model always describes a config that passed <see cref="IntegrationConfigValidator"/>.
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

        // Materialized: the model's JSON members are then safe to read from many threads.
        var raw = JsonNodeMaterializer.Materialize((JsonObject)config!.DeepClone());
        IntegrationConfig? model;
        try
        {
            model = raw.Deserialize<IntegrationConfig>(IntegrationConfigJson.Options);
        }
        catch (JsonException ex)
        {
            // The schema should have caught it; still a problem naming the place, never a crash.
            return Invalid(ex.Path ?? JsonPath.Root, ex.Message);
        }

        return model is null ? Invalid(JsonPath.Root, "expected object, got null") : new ConfigReadResult(model, validation);
    }

    private static ConfigReadResult Invalid(string path, string message) => new(null, new ConfigValidationResult([new ValidationError(path, message)]));
}

/// <summary>The outcome of <see cref="IntegrationConfigReader"/>: the typed config, or the problems that prevented it.</summary>
public sealed record ConfigReadResult(IntegrationConfig? Config, ConfigValidationResult Validation)
{
    /// <summary>Whether the config could be read (<see cref="Config"/> is set).</summary>
    public bool IsValid => Config is not null;
}
