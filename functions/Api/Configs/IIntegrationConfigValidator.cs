using Serverless.Core.Config;
using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Configs;

/// <summary>Validates an integration config; error paths are relative to the config (<c>$</c> = its root).</summary>
public interface IIntegrationConfigValidator
{
    IReadOnlyList<ValidationError> Validate(JsonObject config);
}

/// <summary>Re-roots a config validator's error paths under the body field that held the config.</summary>
internal static class ConfigErrors
{
    public static IReadOnlyList<ValidationError> Under(string bodyPath, IReadOnlyList<ValidationError> errors) =>
        errors.Select(error => error with { Path = bodyPath + error.Path.TrimStart('$') }).ToList();
}
