using Serverless.Core.Config;
using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Configs;

/// <summary>
/// Accepts any config object. Registered only until the config branch's validator is wired in
/// (<see cref="PlatformApiServiceCollectionExtensions.AddPlatformApi"/> uses TryAdd, so registering the real one first replaces it).
/// </summary>
internal sealed class PendingConfigValidator : IIntegrationConfigValidator
{
    public IReadOnlyList<ValidationError> Validate(JsonObject config) => [];
}
