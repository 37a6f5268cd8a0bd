using Serverless.Core.Platform;

namespace Serverless.Core.Integrations;

/// <summary>An integrated account with its installation, integration and compiled config: what every call for it starts from.</summary>
public sealed record ResolvedAccount(IntegratedAccountRecord Account, ResolvedInstallation Installation)
{
    /// <summary>The installation's compiled config.</summary>
    public CompiledIntegration Config => Installation.Config;
}
