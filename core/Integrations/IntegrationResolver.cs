using Serverless.Core.Errors;
using Serverless.Core.Platform;

namespace Serverless.Core.Integrations;

/// <summary>
/// The one way from an integrated account, an installation or an integration's name to what runs against the vendor:
/// account → installation (environment integration) → integration → the merged config, compiled and cached
/// (<see cref="CompiledIntegrationCache"/>). The proxy, custom actions, the account lifecycle, the connect flow and
/// inbound webhooks all resolve through it; whatever is missing answers 404 naming it. Records are read through the
/// repositories' short-lived caches (<see cref="RecordCache{TKey, TValue}"/>), so a call costs no storage read while
/// nothing changes; every write through the repositories is seen by the next call.
/// </summary>
public sealed class IntegrationResolver(
    IntegratedAccountRepository accounts, EnvironmentIntegrationRepository installations, IntegrationRepository integrations, CompiledIntegrationCache cache)
{
    /// <summary>An account of <paramref name="environmentId"/> (another environment's is as missing as one that does not exist).</summary>
    /// <exception cref="ApiException">404 for the account, its installation or its integration.</exception>
    public async Task<ResolvedAccount> ResolveAccountAsync(Guid environmentId, Guid accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetRecentAsync(environmentId, accountId, cancellationToken) ?? throw ApiException.NotFound("integrated account", accountId);
        return await ResolveAccountAsync(account, cancellationToken);
    }

    /// <exception cref="ApiException">404 for the account's installation or integration.</exception>
    public async Task<ResolvedAccount> ResolveAccountAsync(IntegratedAccountRecord account, CancellationToken cancellationToken) =>
        new(account, await ResolveInstallationAsync(account.EnvironmentId, account.EnvironmentIntegrationId, cancellationToken));

    /// <summary>An account that vendor calls may run for (SPEC §3): <c>active</c>.</summary>
    /// <exception cref="ApiException">404 as <see cref="ResolveAccountAsync(Guid, Guid, CancellationToken)"/>; 401 when the account needs re-authorization, 409 in any other status.</exception>
    public async Task<ResolvedAccount> ResolveActiveAccountAsync(Guid environmentId, Guid accountId, CancellationToken cancellationToken)
    {
        var account = await accounts.GetRecentAsync(environmentId, accountId, cancellationToken) ?? throw ApiException.NotFound("integrated account", accountId);
        if (account.Status == ProxyAccount.NeedsReauth)
        {
            throw new ApiException(401, $"integrated account {accountId} needs to be re-authorized (status {ProxyAccount.NeedsReauth})");
        }

        if (account.Status != ProxyAccount.Active)
        {
            throw ApiException.Conflict($"integrated account {accountId} is not active (status {account.Status})");
        }

        return await ResolveAccountAsync(account, cancellationToken);
    }

    /// <exception cref="ApiException">404 for the installation or its integration.</exception>
    public async Task<ResolvedInstallation> ResolveInstallationAsync(Guid environmentId, Guid installationId, CancellationToken cancellationToken)
    {
        var installation = await installations.GetRecentAsync(environmentId, installationId, cancellationToken)
            ?? throw ApiException.NotFound("environment integration", installationId);
        return await ResolveInstallationAsync(installation, cancellationToken);
    }

    /// <summary>The installation of the integration named <paramref name="integrationName"/> in <paramref name="environmentId"/>.</summary>
    /// <exception cref="ApiException">404 when no integration has that name or it is not installed in the environment.</exception>
    public async Task<ResolvedInstallation> ResolveInstallationAsync(Guid environmentId, string integrationName, CancellationToken cancellationToken)
    {
        var integration = await integrations.FindRecentByNameAsync(integrationName, cancellationToken)
            ?? throw ApiException.NotFound($"integration '{integrationName}' not found");
        var installation = await installations.FindRecentByIntegrationAsync(environmentId, integration.Id, cancellationToken)
            ?? throw ApiException.NotFound($"integration '{integrationName}' is not installed in this environment");
        return new(installation, integration, cache.Get(integration, installation));
    }

    /// <exception cref="ApiException">404 for the installation's integration; 409 when the merged config is invalid.</exception>
    public async Task<ResolvedInstallation> ResolveInstallationAsync(EnvironmentIntegrationRecord installation, CancellationToken cancellationToken)
    {
        var integration = await integrations.GetRecentAsync(installation.IntegrationId, cancellationToken)
            ?? throw ApiException.NotFound("integration", installation.IntegrationId);
        return new(installation, integration, cache.Get(integration, installation));
    }

    /// <summary>What a call runs with: the account's context with its secret fields and the installation's environment variables (never answer or log it).</summary>
    public async Task<ProxyAccount> ReadProxyAccountAsync(ResolvedAccount account, CancellationToken cancellationToken)
    {
        var record = account.Account;
        var context = await accounts.ReadContextWithSecretsAsync(record, cancellationToken);
        return new ProxyAccount(record.Id, record.Status, record.AuthenticationMethod, context, account.Installation.Installation.EnvironmentVariables);
    }
}
