using Serverless.Core.Json;

namespace Serverless.Functions.Api.Configs;

/// <summary>Re-roots config validation errors (paths relative to the config) under the body field that held the config.</summary>
internal static class ConfigErrors
{
    public static IReadOnlyList<ValidationError> Under(string bodyPath, IReadOnlyList<ValidationError> errors) =>
        errors.Select(error => error with { Path = bodyPath + error.Path[1..] }).ToList();
}
