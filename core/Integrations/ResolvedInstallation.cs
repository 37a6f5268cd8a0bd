using Serverless.Core.Platform;

namespace Serverless.Core.Integrations;

/// <summary>An installation (environment integration) with its integration and their merged config, compiled.</summary>
public sealed record ResolvedInstallation(EnvironmentIntegrationRecord Installation, IntegrationRecord Integration, CompiledIntegration Config);
