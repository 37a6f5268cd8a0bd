using System.Text.Json.Nodes;
using Serverless.Core.Jsonata;

namespace Serverless.Core.Config;

/// <summary>
/// Checks an integration config document and reports every problem with its JSON path: unknown keys,
/// wrong types, unknown formats and enum values, missing required keys, bad identifiers, duplicate names,
/// placeholders with unknown types and JSONata that does not compile.
/// </summary>
public sealed class IntegrationConfigValidator(IJsonataSyntaxChecker jsonata)
{
    /// <summary>Every problem of <paramref name="config"/> against the config schema, with its JSON path.</summary>
    public ConfigValidationResult Validate(JsonNode? config)
    {
        if (config is null)
        {
            return new([new("$", "expected object, got null")]);
        }

        var errors = IntegrationConfigSchema.Root.Validate(config, jsonata);
        return errors.Count == 0 ? ConfigValidationResult.Valid : new ConfigValidationResult(errors);
    }
}
