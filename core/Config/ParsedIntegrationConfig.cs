using System.Text.Json.Nodes;

namespace Serverless.Core.Config;

/// <summary>A validated config: the typed model and the JSON it was read from (never mutate <see cref="Raw"/>).</summary>
public sealed record ParsedIntegrationConfig(JsonObject Raw, IntegrationConfig Model);
